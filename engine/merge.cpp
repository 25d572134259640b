#include "engine/merge.h"

#include <algorithm>

#include "engine/target.h"
#include "engine/target_resolution.h"

namespace rev::engine {
namespace {

Result<RevisionIds> ResolveRequested(const RevisionGraph& graph, const Target& target) {
  const auto* keyword = std::get_if<KeywordTarget>(&target);
  if (IsRelative(target) || (keyword != nullptr && keyword->keyword == Keyword::kBase)) {
    return Status::InvalidInput("'" + TargetToString(target) + "' does not name a head to merge")
        .WithHint("give heads by id, prefix or label@head, or `heads` for all of them");
  }
  // `heads` means every head `rev heads` lists (Alembic merges only the heads no revision
  // depends on, which can leave a head behind); ResolveTarget gives exactly those.
  return ResolveTarget(graph, target);
}

}  // namespace

Result<RevisionIds> MergeParents(const RevisionGraph& graph, const std::vector<Target>& requested) {
  RevisionIds parents;
  for (const Target& target : requested) {
    REV_ASSIGN_OR_RETURN(RevisionIds resolved, ResolveRequested(graph, target));
    for (RevisionId& id : resolved) {
      if (std::find(parents.begin(), parents.end(), id) == parents.end()) {
        parents.push_back(std::move(id));
      }
    }
  }
  RevisionIds heads = graph.Heads();
  for (const RevisionId& parent : parents) {
    if (std::find(heads.begin(), heads.end(), parent) == heads.end()) {
      RevisionIds above = graph.Children(parent);
      return Status::InvalidInput("revision " + parent.str() + " is not a head (built on it: " +
                                  DescribeRevisions(graph, above) + "); a merge joins heads")
          .WithHint("the heads are " + DescribeRevisions(graph, heads));
    }
  }
  if (parents.size() < 2) {
    return Status::InvalidInput("a merge joins two or more heads; " +
                                (parents.empty()
                                     ? std::string("none was given")
                                     : "only " + DescribeRevisions(graph, parents) + " was given"))
        .WithHint(heads.size() < 2 ? "there is one head: nothing to merge"
                                   : "the heads are " + DescribeRevisions(graph, heads));
  }
  return graph.InUpgradeOrder(std::move(parents));
}

}  // namespace rev::engine
