#include "engine/head_tracker.h"

#include <algorithm>

namespace rev::engine {

HeadTracker::HeadTracker(const RevisionGraph& graph, RevisionIds heads, Direction direction)
    : graph_(graph), heads_(std::move(heads)), direction_(direction), oldest_(graph) {
  std::sort(heads_.begin(), heads_.end());
  heads_.erase(std::unique(heads_.begin(), heads_.end()), heads_.end());
  if (direction_ != Direction::kDowngrade) return;
  // How many applied revisions name each revision: a parent of a removed revision stays
  // implied exactly while another applied revision still names it.
  applied_children_.assign(graph_.size(), 0);
  for (const RevisionId& applied : graph_.Ancestors(heads_)) {
    for (const RevisionId& parent : Parents(applied))
      ++applied_children_[graph_.OrderIndex(parent)];
  }
}

RevisionIds HeadTracker::Parents(const RevisionId& revision) const {
  RevisionIds parents = graph_.Parents(revision);
  for (const RevisionId& dependency : graph_.Dependencies(revision)) {
    if (std::find(parents.begin(), parents.end(), dependency) == parents.end()) {
      parents.push_back(dependency);
    }
  }
  return parents;
}

Result<Step> HeadTracker::Next(const RevisionId& revision) {
  Step step{revision, direction_, heads_, {}, {}};
  if (direction_ == Direction::kUpgrade) {
    REV_ASSIGN_OR_RETURN(step.edit, UpgradeEdit(graph_, heads_, revision));
  } else {
    // `revision` itself is one of the applied revisions counted, so another one is needed.
    CoveredFn covered = [&](const RevisionId& parent) {
      return applied_children_[graph_.OrderIndex(parent)] > 1;
    };
    REV_ASSIGN_OR_RETURN(step.edit, DowngradeEdit(graph_, heads_, revision, covered, oldest_));
    for (const RevisionId& parent : Parents(revision))
      --applied_children_[graph_.OrderIndex(parent)];
  }
  heads_ = ApplyVersionEdit(heads_, step.edit);
  step.to_heads = heads_;
  return step;
}

}  // namespace rev::engine
