// The planner's view of the version table while it lays out steps. Internal to the engine.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/version_edit.h"

namespace rev::engine {

// Steps one at a time from a start state, keeping the rows and (for downgrades) how many
// applied revisions name each revision as down_revision or depends_on, so that each step
// costs its own degree, not a walk over the graph.
class HeadTracker {
 public:
  // REQUIRES: every id in `heads` is in `graph`.
  HeadTracker(const RevisionGraph& graph, RevisionIds heads, Direction direction);

  // The step of `revision` from the current rows; the rows move on. Fails as UpgradeEdit
  // or DowngradeEdit do (a plan laid out in the wrong order).
  Result<Step> Next(const RevisionId& revision);

  const RevisionIds& heads() const { return heads_; }  // sorted by id

 private:
  // Distinct down_revisions and depends_on of `revision`.
  RevisionIds Parents(const RevisionId& revision) const;

  const RevisionGraph& graph_;
  RevisionIds heads_;
  Direction direction_;
  std::vector<uint32_t> applied_children_;  // by OrderIndex; downgrades only
  OldestDependents oldest_;
};

}  // namespace rev::engine
