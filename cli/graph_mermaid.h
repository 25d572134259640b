// `rev graph --format mermaid`: a Mermaid flowchart (https://mermaid.js.org/syntax/flowchart.html)
// for Markdown that renders Mermaid (GitHub, GitLab, many wikis).
#pragma once

#include <string>

#include "cli/graph_picture.h"

namespace rev::cli {

// The whole document, ending in a newline: `flowchart BT` (heads at the top, as in DOT),
// a node `r_<id>` per revision (`db_head_<n>` for a current head the folder lacks: the
// prefix keeps ids such as `end` from reading as keywords), parent edges `-->`, depends_on
// edges `-.->|depends_on|`, and classes head, applied, pending, current. With a database
// its caption is the diagram's title (front matter).
std::string RenderMermaid(const GraphPicture& picture);

// `text` for the inside of a quoted Mermaid label: `"`, `#` (which starts an entity code),
// `&`, `<`, `>` (labels are HTML), `%` (comments) and '`' (Markdown strings) as entity codes
// such as #34;, a newline as <br>.
std::string MermaidEscape(const std::string& text);

}  // namespace rev::cli
