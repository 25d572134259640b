// `rev squash TARGET -m MSG`: TARGET and every revision before it replaced by one base
// revision that builds the schema TARGET reaches, proven on a scratch database first.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct SquashOptions {
  std::string target;
  std::string message;                // -m; empty: "squash up to TARGET"
  std::string rev_id;                 // --rev-id; empty: random
  bool keep_data_statements = false;  // --keep-data-statements
};

void RegisterSquash(CLI::App& app, GlobalOptions* globals, Action* action);

// Writes the squashed revision, then removes the replaced files, and prints a summary (or
// {"revision", "path", "replaces"} with --json). Nothing is written on a refusal:
// kInvalidInput (exit 2) for a TARGET that is not one revision, a revision branching off
// inside the stretch, nothing to squash, data statements without --keep-data-statements, a
// taken --rev-id; kFailed (exit 1) when the proof fails, its differences printed; as
// LoadSchema when a revision does not replay. A file that cannot be removed afterwards is
// kFailed naming each file left.
Status RunSquash(const SquashOptions& options, Context& context);

}  // namespace rev::cli
