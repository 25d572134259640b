#include "cli/graph_mermaid.h"

#include <map>

namespace rev::cli {
namespace {

// The classes, in the order they are defined and applied (a later class wins a clash).
struct MermaidClass {
  const char* name;
  const char* style;
  bool (*has)(const GraphNode&);
};

const MermaidClass kClasses[] = {
    {"head", "stroke-width:3px", [](const GraphNode& n) { return n.head; }},
    {"applied", "fill:#c8e6c9",
     [](const GraphNode& n) { return n.in_folder && n.mark == DatabaseMark::kApplied; }},
    {"pending", "stroke-dasharray:5 5",
     [](const GraphNode& n) { return n.mark == DatabaseMark::kPending; }},
    {"current", "stroke:#1b5e20,stroke-width:4px", [](const GraphNode& n) { return n.current; }},
    {"stranger", "stroke:#c62828,stroke-dasharray:5 5",
     [](const GraphNode& n) { return !n.in_folder; }},
};

// YAML's double-quoted scalar, for the title in the front matter.
std::string YamlQuoted(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// Node names: the revision ids (only [A-Za-z0-9_]) behind a prefix; a head only the
// database knows may hold anything, so it is numbered instead.
std::map<std::string, std::string> NodeNames(const GraphPicture& picture) {
  std::map<std::string, std::string> names;
  int strangers = 0;
  for (const GraphNode& node : picture.nodes) {
    names[node.id] = node.in_folder ? "r_" + node.id : "db_head_" + std::to_string(++strangers);
  }
  return names;
}

std::string ClassLines(const GraphPicture& picture,
                       const std::map<std::string, std::string>& names) {
  std::string lines;
  for (const MermaidClass& mermaid_class : kClasses) {
    std::string members;
    for (const GraphNode& node : picture.nodes) {
      if (mermaid_class.has(node)) members += (members.empty() ? "" : ",") + names.at(node.id);
    }
    if (members.empty()) continue;
    lines += std::string("  classDef ") + mermaid_class.name + " " + mermaid_class.style + "\n";
    lines += "  class " + members + " " + mermaid_class.name + "\n";
  }
  return lines;
}

}  // namespace

std::string MermaidEscape(const std::string& text) {
  return EscapeLabel(text, [](char c) -> std::optional<std::string> {
    if (c == '\n') return "<br>";
    // Mermaid's entity codes: what would otherwise end the label or start markup.
    if (std::string_view("\"#&<>%`").find(c) != std::string_view::npos) {
      return "#" + std::to_string(static_cast<int>(c)) + ";";
    }
    return std::nullopt;
  });
}

std::string RenderMermaid(const GraphPicture& picture) {
  std::string mermaid;
  if (picture.database) mermaid += "---\ntitle: " + YamlQuoted(picture.Caption()) + "\n---\n";
  mermaid += "%% The revision graph of rev (`rev graph --format mermaid`).\nflowchart BT\n";
  std::map<std::string, std::string> names = NodeNames(picture);
  for (const GraphNode& node : picture.nodes) {
    mermaid += "  " + names.at(node.id) + "(\"" + MermaidEscape(NodeLabel(node)) + "\")\n";
  }
  for (const GraphEdge& edge : picture.edges) {
    mermaid += "  " + names.at(edge.from) + (edge.depends_on ? " -.->|depends_on| " : " --> ") +
               names.at(edge.to) + "\n";
  }
  return mermaid + ClassLines(picture, names);
}

}  // namespace rev::cli
