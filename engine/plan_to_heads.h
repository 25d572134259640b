// Planning an upgrade to a set of heads, as a replay after a restore needs: from the heads
// a backup holds to the heads the database had before it was restored (or the journal
// remembers). The planner's targets name one revision or all heads; a remembered set of
// heads is neither, so each head is planned in turn (in upgrade order) on top of the last.
#pragma once

#include <string>
#include <vector>

#include "engine/plan.h"

namespace rev::engine {

// The revisions applied under `current_heads` that are not applied under `target_heads`:
// what reaching the targets would have to downgrade. In upgrade order; empty when the
// targets are at or above the current heads. Unknown ids are ignored.
RevisionIds AppliedBeyond(const RevisionGraph& graph, const RevisionIds& current_heads,
                          const RevisionIds& target_heads);

// The upgrade from `current_heads` to exactly `target_heads` (a version table's rows:
// none an ancestor of another). Fails with kNotFound when a target head is not in the
// graph (its revision file is missing from the folder; the message names it), or as
// PlanUpgrade for an unknown current head; with kInvalidInput when AppliedBeyond is not
// empty (a downgrade: the message names those revisions), or when the targets are not
// such a set of rows.
Result<Plan> PlanUpgradeToHeads(const RevisionGraph& graph, const RevisionIds& current_heads,
                                const RevisionIds& target_heads);

}  // namespace rev::engine
