// `rev schema [SRC]`: the tables and columns of a schema (default: the live database):
// each table's columns (name, type, nullable, default), keys, indexes and foreign keys,
// then views and the other objects.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct SchemaOptions {
  std::string source = "database";
};

void RegisterSchema(CLI::App& app, GlobalOptions* globals, Action* action);

// JSON: {"source", "tables": [...], "objects": [...], "not_compared": [...]}. Fails as
// LoadSchema does.
Status RunSchema(const SchemaOptions& options, Context& context);

}  // namespace rev::cli
