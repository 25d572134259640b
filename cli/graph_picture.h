// What `rev graph` draws, gathered once from the revision graph (and, with --db, from the
// database's heads), apart from how each format draws it (graph_dot.h, graph_mermaid.h).
//
// Every list is in a fixed order (nodes newest first, as `rev history`; edges by their
// child in that order, then as the files name them), so the same folder and database give
// the same picture byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/revision_graph.h"

namespace rev::cli {

// Where a revision stands in the database; kNotAsked without --db.
enum class DatabaseMark { kNotAsked, kApplied, kPending };

struct GraphNode {
  std::string id;        // the full id, the node's name in every format
  std::string short_id;  // the first 7 characters, more where needed to stay unique
  std::string message;
  std::vector<std::string> branch_labels;  // those this revision declares
  bool head = false;
  bool base = false;
  bool branch_point = false;
  bool merge_point = false;
  bool current = false;   // a row of the database's version table
  bool in_folder = true;  // false: a current head the revisions folder does not have
  DatabaseMark mark = DatabaseMark::kNotAsked;
};

struct GraphEdge {
  std::string from;  // the down_revision, or the revision depended upon
  std::string to;    // the revision naming it
  bool depends_on = false;
};

// The database's side of the picture (--db).
struct DatabaseStand {
  std::string where;          // the redacted URL
  engine::RevisionIds heads;  // the version table's rows, sorted
};

struct GraphPicture {
  std::vector<GraphNode> nodes;
  std::vector<GraphEdge> edges;  // only between drawn nodes
  std::optional<DatabaseStand> database;

  // "sqlite:///app.db: current c3; 4 applied, 1 pending" (of the drawn revisions); empty
  // without a database.
  std::string Caption() const;
};

// The picture of the revisions `ids` (REQUIRES: each is in `graph`), in the order given.
// Heads, bases, branch and merge points are those of the whole graph, so a range shows them
// where they really are. With `database`, a revision is applied when it is a current head
// or below one (through down_revision and depends_on), else pending; a current head the
// folder lacks is drawn on its own.
GraphPicture CollectGraphPicture(const engine::RevisionGraph& graph, const engine::RevisionIds& ids,
                                 std::optional<DatabaseStand> database);

// What a node shows, in two lines: the short id and the words `rev history` uses beside an
// id ("d4e5f6a (side) (head) (mergepoint)"; with a database also "(current)" or
// "(pending)"), then the message. Each format escapes it in its own way.
std::string NodeLabel(const GraphNode& node);

// `text` as a label in a picture's language: each character `replace` returns a text for
// (char -> std::optional<std::string>) becomes that text; a carriage return is dropped and
// a tab becomes a space, since no format draws them.
template <typename Replace>
std::string EscapeLabel(std::string_view text, Replace replace) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    if (c == '\r') continue;
    if (std::optional<std::string> with = replace(c)) {
      escaped += *with;
    } else {
      escaped += (c == '\t' ? ' ' : c);
    }
  }
  return escaped;
}

}  // namespace rev::cli
