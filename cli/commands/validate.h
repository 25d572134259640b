// `rev validate [--db] [--strict]`: every finding about the project's folder (and, with
// --db, about the database against it), in one run. Meant for pre-commit and CI: exit 0
// when clean, 1 when it found errors.
#pragma once

#include "cli/command.h"

namespace rev::cli {

struct ValidateOptions {
  bool strict = false;  // warnings count as errors
  bool db = false;      // --db: the database's findings too (validators/database_rules.h)
  bool schema = false;  // --schema: head against the schema file (replays every revision)
};

void RegisterValidate(CLI::App& app, GlobalOptions* globals, Action* action);

// Prints each finding (`file:line: error: message [code]` and its hint), or in JSON mode
// {"errors": [...], "warnings": [...]}. Fails with kFailed when any finding is an error
// (a malformed file is one; with --db, a database that cannot be read is one too); with
// kInvalidInput when rev.yaml or the folder cannot be read, or --db finds no database URL.
// --db reads only: it creates nothing.
Status RunValidate(const ValidateOptions& options, Context& context);

}  // namespace rev::cli
