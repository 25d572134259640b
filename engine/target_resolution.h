// The pieces of target resolution that the planner and merges share with ResolveTarget:
// naming one revision from user text, branch lineage, and error messages that name the
// candidates. Internal to the engine; the CLI uses target.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "engine/revision_graph.h"

namespace rev::engine {

// One revision from a full id, a branch label (its owner) or a unique id prefix of 4+
// characters, tried in that order as Alembic does. Fails with kNotFound (naming near ids:
// "did you mean") or kAmbiguous (a prefix matching several ids, each named; a label of one
// revision that also starts another's id, where Alembic would take the label unasked).
Result<RevisionId> ResolveName(const RevisionGraph& graph, std::string_view name);

// `label@name`: as ResolveName, but a prefix is matched among the revisions sharing the
// branch's lineage only. Fails as ResolveBranch for the label, as ResolveName for the name,
// and with kNotFound when what `name` names is not on the branch (naming it).
Result<RevisionId> ResolveNameOnBranch(const RevisionGraph& graph, std::string_view name,
                                       const std::string& label);

// The revision `label@...` refers to: the owner of the branch label, or (as Alembic
// allows) a revision named by id or prefix. Fails with kNotFound naming known labels.
Result<RevisionId> ResolveBranch(const RevisionGraph& graph, std::string_view label);

// Alembic's "shares lineage": the revisions that are ancestors or descendants of a
// branch's revision through down_revision (depends_on not followed).
class Lineage {
 public:
  Lineage(const RevisionGraph& graph, const RevisionId& owner);
  bool Contains(const RevisionId& id) const { return members_.count(id) != 0; }
  RevisionIds Filter(const RevisionIds& ids) const;  // keeps order

 private:
  std::unordered_set<RevisionId> members_;
};

// The heads of the whole graph (`head`), or of a branch (`label@head`), when there is
// exactly one; empty for an empty graph. Fails with kAmbiguous naming every head and the
// fix, or as ResolveBranch.
Result<RevisionIds> ResolveSingleHead(const RevisionGraph& graph,
                                      const std::optional<std::string>& label);

// The heads that share lineage with the branch (`label@heads`).
Result<RevisionIds> ResolveBranchHeads(const RevisionGraph& graph, const std::string& label);

}  // namespace rev::engine
