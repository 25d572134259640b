#include "cli/graph_dot.h"

namespace rev::cli {
namespace {

constexpr const char* kAppliedFill = "#c8e6c9";
constexpr const char* kDependsOnColor = "#1f6feb";
constexpr const char* kStrangerColor = "#c62828";

std::string Quoted(const std::string& text) { return "\"" + DotEscape(text) + "\""; }

std::string NodeLine(const GraphNode& node) {
  std::string style = node.in_folder ? "rounded" : "dashed";
  std::string attributes = "label=" + Quoted(NodeLabel(node));
  if (node.in_folder && node.mark == DatabaseMark::kApplied) {
    style += ",filled";
    attributes += std::string(", fillcolor=\"") + kAppliedFill + "\"";
  }
  if (node.mark == DatabaseMark::kPending) style += ",dashed";
  if (!node.in_folder) attributes += std::string(", color=\"") + kStrangerColor + "\"";
  if (node.current) style += ",bold";
  if (node.head) attributes += ", peripheries=2";
  return "  " + Quoted(node.id) + " [" + attributes + ", style=\"" + style + "\"];";
}

std::string EdgeLine(const GraphEdge& edge) {
  std::string line = "  " + Quoted(edge.from) + " -> " + Quoted(edge.to);
  if (edge.depends_on) {
    line += std::string(" [style=dashed, color=\"") + kDependsOnColor +
            "\", arrowhead=empty, tooltip=\"depends_on\"]";
  }
  return line + ";";
}

}  // namespace

std::string DotEscape(const std::string& text) {
  return EscapeLabel(text, [](char c) -> std::optional<std::string> {
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '&':
        return "&amp;";
      case '<':
        return "&lt;";
      case '>':
        return "&gt;";
      default:
        return std::nullopt;
    }
  });
}

std::string RenderDot(const GraphPicture& picture) {
  std::string dot =
      "// The revision graph of rev: `dot -Tsvg` draws it.\n"
      "digraph revisions {\n"
      "  rankdir=BT;\n"
      "  fontname=\"Helvetica\";\n"
      "  node [shape=box, fontname=\"Helvetica\", fontsize=11];\n"
      "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  if (picture.database) {
    dot += "  labelloc=t;\n  label=" +
           Quoted(picture.Caption() + "\nfilled: applied, dashed: pending, bold: current") + ";\n";
  }
  for (const GraphNode& node : picture.nodes) dot += NodeLine(node) + "\n";
  for (const GraphEdge& edge : picture.edges) dot += EdgeLine(edge) + "\n";
  return dot + "}\n";
}

}  // namespace rev::cli
