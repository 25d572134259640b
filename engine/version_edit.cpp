#include "engine/version_edit.h"

#include <algorithm>
#include <unordered_set>

#include "engine/target_resolution.h"

namespace rev::engine {
namespace {

bool Has(const RevisionIds& ids, const RevisionId& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// Rows are kept sorted so that a graph with many heads stays cheap to step through.
bool IsRow(const RevisionIds& sorted_heads, const RevisionId& id) {
  return std::binary_search(sorted_heads.begin(), sorted_heads.end(), id);
}

// down_revisions then depends_on, each once, in the order the file gives them.
RevisionIds DirectParents(const RevisionGraph& graph, const RevisionId& revision) {
  RevisionIds parents = graph.Parents(revision);
  for (const RevisionId& dependency : graph.Dependencies(revision)) {
    if (!Has(parents, dependency)) parents.push_back(dependency);
  }
  return parents;
}

std::string Rows(const RevisionGraph& graph, const RevisionIds& heads) {
  return heads.empty() ? std::string("none") : DescribeRevisions(graph, heads);
}

// Whether a down_revision ancestor of `revision`, placed at `bound` or later in
// UpgradeOrder, depends on `dependency`.
bool AncestorDependsOn(const RevisionGraph& graph, const RevisionId& revision,
                       const RevisionId& dependency, size_t bound) {
  std::unordered_set<RevisionId> seen;
  std::vector<RevisionId> frontier = graph.Parents(revision);
  while (!frontier.empty()) {
    RevisionId id = std::move(frontier.back());
    frontier.pop_back();
    if (graph.OrderIndex(id) < bound || !seen.insert(id).second) continue;
    if (Has(graph.Dependencies(id), dependency)) return true;
    const RevisionIds& parents = graph.Parents(id);
    frontier.insert(frontier.end(), parents.begin(), parents.end());
  }
  return false;
}

// Whether the downgrade of `revision` restores rows as a merge point does: Alembic's
// "unmerge", when it has several normalized down revisions.
bool IsUnmerge(const RevisionGraph& graph, const RevisionId& revision, size_t restored,
               OldestDependents& oldest) {
  if (restored > 1 || graph.Parents(revision).size() > 1) return true;
  if (graph.Dependencies(revision).empty()) return false;
  return graph.Parents(revision).size() + OwnDependencies(graph, revision, oldest).size() > 1;
}

}  // namespace

size_t OldestDependents::Of(const RevisionId& dependency) {
  auto it = memo_.find(dependency);
  if (it != memo_.end()) return it->second;
  size_t oldest = graph_.size();
  for (const RevisionId& dependent : graph_.Dependents(dependency)) {
    oldest = std::min(oldest, graph_.OrderIndex(dependent));
  }
  memo_.emplace(dependency, oldest);
  return oldest;
}

RevisionIds OwnDependencies(const RevisionGraph& graph, const RevisionId& revision,
                            OldestDependents& oldest) {
  const RevisionIds& parents = graph.Parents(revision);
  const size_t position = graph.OrderIndex(revision);
  RevisionIds own;
  for (const RevisionId& dependency : graph.Dependencies(revision)) {
    if (Has(parents, dependency) || Has(own, dependency)) continue;
    // Only a dependent placed before `revision` can be one of its ancestors.
    size_t bound = oldest.Of(dependency);
    if (bound >= position || !AncestorDependsOn(graph, revision, dependency, bound)) {
      own.push_back(dependency);
    }
  }
  return own;
}

Result<VersionEdit> UpgradeEdit(const RevisionGraph& graph, const RevisionIds& heads,
                                const RevisionId& revision) {
  if (IsRow(heads, revision)) {
    return Status::Conflict(
        "cannot upgrade " + revision.str() +
        ": it is already a row of the version table (rows: " + Rows(graph, heads) + ")");
  }
  RevisionIds consumed;
  for (const RevisionId& parent : DirectParents(graph, revision)) {
    if (IsRow(heads, parent)) consumed.push_back(parent);
  }
  VersionEdit edit;
  if (consumed.empty()) {
    edit.kind = VersionEdit::Kind::kInsert;
    edit.inserts = {revision};
    return edit;
  }
  edit.kind = consumed.size() > 1 ? VersionEdit::Kind::kMerge : VersionEdit::Kind::kUpdate;
  edit.update_from = consumed.front();
  edit.update_to = revision;
  edit.deletes.assign(consumed.begin() + 1, consumed.end());
  return edit;
}

Result<VersionEdit> DowngradeEdit(const RevisionGraph& graph, const RevisionIds& heads,
                                  const RevisionId& revision, const CoveredFn& covered,
                                  OldestDependents& oldest) {
  if (!IsRow(heads, revision)) {
    return Status::Conflict("cannot downgrade " + revision.str() +
                            ": it is not a row of the version table (rows: " + Rows(graph, heads) +
                            "); revisions above it must go first");
  }
  RevisionIds restored;
  for (const RevisionId& parent : DirectParents(graph, revision)) {
    // A parent already a row, or still implied by another applied revision, stays as it is.
    if (!IsRow(heads, parent) && !covered(parent)) restored.push_back(parent);
  }
  VersionEdit edit;
  if (restored.empty()) {
    edit.kind = VersionEdit::Kind::kDelete;
    edit.deletes = {revision};
    return edit;
  }
  bool unmerge = IsUnmerge(graph, revision, restored.size(), oldest);
  edit.kind = unmerge ? VersionEdit::Kind::kUnmerge : VersionEdit::Kind::kUpdate;
  edit.update_from = revision;
  edit.update_to = restored.front();
  edit.inserts.assign(restored.begin() + 1, restored.end());
  return edit;
}

Result<VersionEdit> ComputeVersionEdit(const RevisionGraph& graph, const RevisionIds& rows,
                                       const RevisionId& revision, Direction direction) {
  RevisionIds heads = rows;
  std::sort(heads.begin(), heads.end());
  if (direction == Direction::kUpgrade) return UpgradeEdit(graph, heads, revision);
  // A parent is still implied when another applied revision names it. The applied set is
  // computed only when some parent has another child to ask about.
  std::optional<std::unordered_set<RevisionId>> applied;
  CoveredFn covered = [&](const RevisionId& parent) {
    RevisionIds others = graph.Children(parent);
    RevisionIds dependents = graph.Dependents(parent);
    others.insert(others.end(), dependents.begin(), dependents.end());
    for (const RevisionId& other : others) {
      if (other == revision) continue;
      if (!applied) {
        RevisionIds all = graph.Ancestors(heads);
        applied.emplace(all.begin(), all.end());
      }
      if (applied->count(other) != 0) return true;
    }
    return false;
  };
  OldestDependents oldest(graph);
  return DowngradeEdit(graph, heads, revision, covered, oldest);
}

RevisionIds ApplyVersionEdit(const RevisionIds& heads, const VersionEdit& edit) {
  RevisionIds result;
  result.reserve(heads.size() + edit.inserts.size());
  for (const RevisionId& head : heads) {
    if (Has(edit.deletes, head)) continue;
    if (edit.update_from && head == *edit.update_from) {
      if (edit.update_to) result.push_back(*edit.update_to);
      continue;
    }
    result.push_back(head);
  }
  result.insert(result.end(), edit.inserts.begin(), edit.inserts.end());
  std::sort(result.begin(), result.end());
  result.erase(std::unique(result.begin(), result.end()), result.end());
  return result;
}

}  // namespace rev::engine
