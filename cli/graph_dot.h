// `rev graph` as Graphviz DOT (https://graphviz.org/doc/info/lang.html), for `dot -Tsvg`.
#pragma once

#include <string>

#include "cli/graph_picture.h"

namespace rev::cli {

// The whole document, ending in a newline. Bases at the bottom and heads at the top, as
// `rev history` lists them newest first; parent edges solid, depends_on edges dashed with
// an open arrowhead; heads with a double border; with a database, applied revisions
// filled, pending ones dashed and the current heads bold, under a caption.
std::string RenderDot(const GraphPicture& picture);

// `text` as the inside of a DOT double-quoted string that a label shows as written: `"` and
// `\` escaped (a backslash would start an escString such as \N), a newline as \n, and `&`,
// `<`, `>` as entities (dot decodes entities in every label, so "&lt;" would show as "<").
std::string DotEscape(const std::string& text);

}  // namespace rev::cli
