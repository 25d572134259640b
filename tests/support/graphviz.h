// What the tests of `rev graph` share: picking statements out of its DOT, and drawing it
// with the real Graphviz `dot` to look into the SVG.
#pragma once

#include <string>
#include <vector>

#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {

// The lines of `text` that start with `prefix`.
inline Lines LinesStartingWith(const std::string& text, const std::string& prefix) {
  Lines found;
  for (const std::string& line : SplitLines(text)) {
    if (line.rfind(prefix, 0) == 0) found.push_back(line);
  }
  return found;
}

// The DOT statement of node `id` ("" when there is none, or more than one).
inline std::string DotNode(const std::string& dot, const std::string& id) {
  Lines found = LinesStartingWith(dot, "  \"" + id + "\" [");
  return found.size() == 1 ? found.front() : "";
}

// The node names of the DOT statements, in order.
inline Lines DotNodeOrder(const std::string& dot) {
  Lines names;
  for (const std::string& line : LinesStartingWith(dot, "  \"")) {
    if (line.find(" -> ") != std::string::npos) continue;
    names.push_back(line.substr(3, line.find('"', 3) - 3));
  }
  return names;
}

// `dot -Tsvg` (the real Graphviz, found on PATH) run on `dot_text`.
inline ProcessResult DrawWithDot(const std::string& dot_text) {
  ProcessOptions options;
  options.stdin_text = dot_text;
  return RunProcess({"dot", "-Tsvg"}, options);
}

// The <g> element of the SVG that dot drew for the node or edge titled `title` (dot writes
// an edge's title as `a&#45;&gt;b`); "" when there is none.
inline std::string SvgGroup(const std::string& svg, const std::string& title) {
  size_t at = svg.find("<title>" + title + "</title>");
  if (at == std::string::npos) return "";
  size_t start = svg.rfind("<g ", at);
  return svg.substr(start, svg.find("</g>", at) - start);
}

// How many times `part` occurs in `text`.
inline size_t CountOf(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

}  // namespace rev::testing
