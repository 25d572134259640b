// How revisions look to a person and in JSON, in Alembic's words.
//
//   Line:  "3f2a -> 9c0d (users) (head), add email index"    (history, heads, branches)
//   Block: "Rev: 9c0d (head)\nParent: 3f2a\nPath: ...\n\n    add email index\n"  (--verbose, show)
//   Json:  {"revision": "9c0d", "down_revision": ["3f2a"], "message": ..., "branch_labels": [...],
//           "depends_on": [...], "is_head": true, "is_merge": false, ...}    (SPEC §3)
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>

#include "engine/revision_graph.h"

namespace rev::cli {

class RevisionView {
 public:
  // REQUIRES: `graph` outlives the view.
  explicit RevisionView(const engine::RevisionGraph& graph);

  struct LineParts {
    bool parents = false;  // "down -> id", with depends_on in parentheses
    bool tree = true;      // (branchpoint) (mergepoint)
    bool message = false;  // ", message"
  };
  std::string Line(const revisions::Revision& revision, LineParts parts) const;
  std::string Block(const revisions::Revision& revision) const;
  nlohmann::json Json(const revisions::Revision& revision) const;

  // {"revisions": [Json(each)]} in the given order.
  nlohmann::json JsonList(const engine::RevisionIds& ids) const;

 private:
  bool IsHead(const revisions::Revision& revision) const;
  // depends_on as the file writes it, a branch label followed by the revision it names.
  std::string Dependencies(const revisions::Revision& revision) const;

  const engine::RevisionGraph& graph_;
  std::unordered_set<std::string> heads_;
};

}  // namespace rev::cli
