// `rev diff [--from SRC] [--to DST]`: the SQL that takes one schema to another. A source
// is `schema` (the schema file), `database` (the live one, read only) or a revision
// target (head, base, an id, label@head). Defaults: --from head --to schema.
// `--from database --to head` is drift: what was changed by hand.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct DiffOptions {
  std::string from = "head";
  std::string to = "schema";
};

void RegisterDiff(CLI::App& app, GlobalOptions* globals, Action* action);

// Prints the SQL (or JSON {"from", "to", "same", "changes": [{kind, object, destructive,
// sql}], "sql", "likely_renames"}). Ok when the schemas are the same; kFailed (exit 1) when
// they differ; kInvalidInput for a bad source, a schema file that does not load, or a
// revision that fails on a scratch database.
Status RunDiff(const DiffOptions& options, Context& context);

}  // namespace rev::cli
