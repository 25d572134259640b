// `rev graph --format svg`: the DOT of graph_dot.h drawn by Graphviz's `dot -Tsvg`, found on
// PATH and run as a child process (engine/process), the DOT written to its stdin.
#pragma once

#include <string>

#include "revisions/result.h"

namespace rev::cli {

// The SVG `dot` draws from `dot_text`. Fails with kInvalidInput (exit 2) when `dot` is not
// on PATH, naming the Debian package and the ways round it; with kFailed when dot ran and
// failed (its own message); with kDatabase when it could not be started at all.
Result<std::string> RenderSvg(const std::string& dot_text);

}  // namespace rev::cli
