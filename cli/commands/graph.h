// `rev graph [-r START:END] [--format dot|mermaid|svg] [--db]`: the revision graph as a
// picture: Graphviz DOT (the default), a Mermaid flowchart, or SVG drawn by Graphviz's dot.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct GraphOptions {
  std::string range;           // -r START:END, START: or :END; empty: everything
  std::string format = "dot";  // dot, mermaid or svg (checked by the parser)
  bool database = false;       // --db: mark the current heads and applied vs pending
};

void RegisterGraph(CLI::App& app, Action* action);

// Prints the picture on stdout. Fails with kInvalidInput for a bad range (as `history -r`),
// for --json (a picture has no JSON form), for --format svg without `dot` on PATH, and as
// DatabaseSession::Open with --db; with kFailed when dot fails.
Status RunGraph(const GraphOptions& options, Context& context);

}  // namespace rev::cli
