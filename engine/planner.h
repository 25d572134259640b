// The planner: (graph, current heads, target) → Plan, with Alembic's semantics.
//
// Upgrade applies every ancestor of the target (through down_revision and depends_on)
// that is not already an ancestor of the current heads, each after all its parents and
// dependencies. Downgrade removes every applied revision that is a descendant of the target
// (dependents included), each before its parents. `heads`, `label@head`, relative targets
// and `-1` at a merge point behave as in Alembic 1.8. Where the graph leaves the order free,
// SPEC §2 decides it: earlier created_at first in upgrades, last in downgrades, then id.
// Pure: no I/O.
#pragma once

#include "engine/plan.h"
#include "engine/target.h"

namespace rev::engine {

// Fails with kNotFound / kAmbiguous as ResolveTarget does (`head` with several heads among
// them); with kInvalidInput for a range, or when a relative step goes past the end of the
// graph or down (`-N`: a downgrade); with kNotFound when a current head is not in the
// graph. A target already applied (reached, or below the current heads) gives an empty
// plan, as in Alembic.
Result<Plan> PlanUpgrade(const RevisionGraph& graph, const RevisionIds& current_heads,
                         const Target& target);

// Fails as PlanUpgrade does, and with kInvalidInput when the target lies above the current
// heads (use upgrade), a relative step goes below base or up (`+N`), or nothing is
// applied for `-N`; with kAmbiguous for `-N` from several current heads (say `label@-N`)
// or at a merge point, and for a target naming several revisions.
Result<Plan> PlanDowngrade(const RevisionGraph& graph, const RevisionIds& current_heads,
                           const Target& target);

// `--sql START:END`: the plan from the rows START stands for (none when absent or `base`)
// to END (`heads` when absent; required for a downgrade). Both sides take absolute forms
// and REV±N; END also `+N` counted from START. Fails as PlanUpgrade / PlanDowngrade.
Result<Plan> PlanRange(const RevisionGraph& graph, const TargetRange& range, Direction direction);

// The revisions `rev history -r START:END` shows (both ends inclusive, as Alembic's
// `history -r`: END and its ancestors, depends_on included, that are START or built on it
// through down_revision), newest first (the reverse of UpgradeOrder); the whole graph when
// `range` is empty. Fails with kInvalidInput when START is not an ancestor of END, and as
// ResolveTarget for an unknown side.
Result<RevisionIds> HistoryRange(const RevisionGraph& graph,
                                 const std::optional<TargetRange>& range);

}  // namespace rev::engine
