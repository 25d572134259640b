// Alembic's head arithmetic: how one step changes the version table's rows. The planner
// (through HeadTracker) and ComputeVersionEdit share it; the migrator applies its result.
// Pure: no I/O.
#pragma once

#include <functional>
#include <unordered_map>

#include "engine/plan.h"

namespace rev::engine {

// Where the oldest revision depending on a revision sits in UpgradeOrder, found once per
// revision asked about: it bounds the walk of OwnDependencies.
class OldestDependents {
 public:
  explicit OldestDependents(const RevisionGraph& graph) : graph_(graph) {}
  size_t Of(const RevisionId& dependency);

 private:
  const RevisionGraph& graph_;
  std::unordered_map<RevisionId, size_t> memo_;
};

// Alembic's normalized dependencies of `revision`: its depends_on (not also a
// down_revision) that no down_revision ancestor also depends on. The walk up from
// `revision` stops at the first ancestor depending on it, and never goes below the oldest
// revision that does (ancestors come earlier in UpgradeOrder), so the common cases cost a
// few steps, where RevisionGraph::NormalizedDownRevisions walks every ancestor.
RevisionIds OwnDependencies(const RevisionGraph& graph, const RevisionId& revision,
                            OldestDependents& oldest);

// Whether `parent` stays implied by the version table when the revision being downgraded
// is removed: some other applied revision has it as down_revision or depends_on.
using CoveredFn = std::function<bool(const RevisionId& parent)>;

// Alembic's upgrade cases. The rows a step consumes are the heads among its down_revisions
// and depends_on (Alembic's normalized down revisions: in a version table whose rows are
// no one's ancestors, no other row can be an ancestor of the revision). None: insert; one:
// update; several: merge (the first, in down_revision order, is updated, the others
// deleted). Fails with kConflict when `revision` is already a row.
// REQUIRES: `heads` sorted by id (as every RevisionIds of rows in a Plan is).
Result<VersionEdit> UpgradeEdit(const RevisionGraph& graph, const RevisionIds& heads,
                                const RevisionId& revision);

// Alembic's downgrade cases. The rows restored are the down_revisions and depends_on no
// other applied revision still implies. None: delete; the revision is a merge point
// (several normalized down revisions): unmerge (update to the first, insert the others);
// otherwise update. Fails with kConflict when `revision` is not a row.
// REQUIRES: `heads` sorted by id.
Result<VersionEdit> DowngradeEdit(const RevisionGraph& graph, const RevisionIds& heads,
                                  const RevisionId& revision, const CoveredFn& covered,
                                  OldestDependents& oldest);

// Alembic's head arithmetic for one step: how the version table changes when `revision`
// is applied (or removed) while `heads` are the rows. Fails with kConflict when `heads`
// do not allow the step (e.g. a downgrade of a revision that is not a head).
// REQUIRES: graph.Contains(revision).
Result<VersionEdit> ComputeVersionEdit(const RevisionGraph& graph, const RevisionIds& heads,
                                       const RevisionId& revision, Direction direction);

// `heads` with `edit` applied, sorted by id.
RevisionIds ApplyVersionEdit(const RevisionIds& heads, const VersionEdit& edit);

}  // namespace rev::engine
