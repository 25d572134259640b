// `rev heads`: the revisions nothing follows. No database needed.
#pragma once

#include "cli/command.h"

namespace rev::cli {

struct HeadsOptions {};

void RegisterHeads(CLI::App& app, Action* action);

// One line per head (with --verbose a block with parent, file and message); JSON
// {"heads": ["id", ...]}. Fails as Context::Graph does.
Status RunHeads(const HeadsOptions& options, Context& context);

}  // namespace rev::cli
