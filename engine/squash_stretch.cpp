#include "engine/squash_stretch.h"

#include <unordered_set>

namespace rev::engine {
namespace {

// The first revision outside `inside` whose down_revision is in it but not `target`.
Status CheckNoBranchOff(const RevisionGraph& graph, const SquashStretch& stretch,
                        const std::unordered_set<std::string>& inside) {
  for (const RevisionId& id : stretch.revisions) {
    if (id == stretch.target) continue;
    for (const RevisionId& child : graph.Children(id)) {
      if (inside.count(child.str()) != 0) continue;
      const Revision& off = graph.Get(child);
      return Status::InvalidInput("cannot squash up to " + stretch.target.str() + ": " +
                                  child.str() + " (" + off.path() + ") branches off at " +
                                  id.str() + ", inside the stretch, and would lose its parent")
          .At({off.path(), off.lines().down_revision, 0})
          .WithHint("squash up to a revision " + child.str() +
                    " comes after (a merge of both branches), or squash only up to " + id.str());
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SquashStretch> FindSquashStretch(const RevisionGraph& graph, const RevisionId& target) {
  SquashStretch stretch(target);
  stretch.revisions = graph.Ancestors({target}, /*with_dependencies=*/true);  // upgrade order
  const Revision& last = graph.Get(target);
  if (stretch.revisions.size() == 1) {  // a base depending on nothing: already one revision
    return Status::InvalidInput("nothing to squash: " + target.str() +
                                " is already a base with no revision before it")
        .At({last.path(), last.lines().revision, 0})
        .WithHint(
            "name a later revision: `rev squash TARGET` replaces TARGET and everything "
            "before it");
  }
  std::unordered_set<std::string> inside;
  for (const RevisionId& id : stretch.revisions) inside.insert(id.str());
  REV_RETURN_IF_ERROR(CheckNoBranchOff(graph, stretch, inside));
  for (const RevisionId& id : stretch.revisions) {
    const Revision& revision = graph.Get(id);
    stretch.replaces.insert(stretch.replaces.end(), revision.replaces().begin(),
                            revision.replaces().end());
    stretch.replaces.push_back(id);
    stretch.branch_labels.insert(stretch.branch_labels.end(), revision.branch_labels().begin(),
                                 revision.branch_labels().end());
  }
  return stretch;
}

}  // namespace rev::engine
