// `rev import TOOL [PATH] [--adopt]`: another tool's migrations as rev revisions, one per
// migration, chained as the tool orders them (Alembic's graph kept exactly), every down
// migration kept; with --adopt, the database the tool migrated recorded where it stands.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace rev::cli {

struct ImportOptions {
  std::string tool;
  std::string path;  // default: the tool's own default folder
  bool adopt = false;
  std::vector<std::string> placeholders;  // Flyway's, as name=value
  std::string python = "python3";         // runs Alembic
};

void RegisterImport(CLI::App& app, Action* action);

// Writes the revisions and prints the summary (cli/import_report.h). Fails with
// kInvalidInput, nothing written, for an unknown tool, a source that is not in the tool's
// format or does not parse (file:line), a revision id the folder already has or a file in
// the way, a bad --placeholder; with kRefused (exit 4), nothing written, when --adopt finds
// the database mid-migration or with gaps, or already rev's.
Status RunImport(const ImportOptions& options, Context& context);

}  // namespace rev::cli
