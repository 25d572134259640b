// Relative targets (+N, -N, REV+N, REV-N, label@+N, label@-N) resolved as Alembic 1.8 does
// (RevisionMap._walk, _parse_upgrade_target, _parse_downgrade_target). Internal to the
// engine: the planner turns them into plans.
#pragma once

#include <optional>
#include <string>

#include "engine/target.h"

namespace rev::engine {

// Where a downgrade goes: `revision` (nullopt: base) and, when the target named one, the
// branch (a label or a revision id) whose roots alone are removed at a branch point.
struct DowngradeDestination {
  std::optional<RevisionId> revision;
  std::optional<std::string> branch;
};

// The revisions an upgrade to `target` reaches (empty: base), from `current_heads`.
// `+N` walks up from the one current head (from base when there is none; restricted to
// the branch for `label@+N`), `REV+N` from REV; `REV-N` walks down from REV. Fails with
// kInvalidInput for `-N` without an anchor (that is a downgrade) or a walk past the end,
// with kAmbiguous for several current heads or a walk that meets a branch point. With
// `clamp` (history ranges, as Alembic's), a walk past the end stops at the end instead.
Result<RevisionIds> ResolveUpgradeRelative(const RevisionGraph& graph,
                                           const RevisionIds& current_heads,
                                           const RelativeTarget& target, bool clamp = false);

// Where a downgrade to `target` goes, from `current_heads`. `-N` walks down from the one
// current head (`label@-N`: from the branch's head), `REV-N` from REV, `REV+N` up from REV.
// Fails with kInvalidInput for `+N` without an anchor (that is an upgrade), nothing
// applied, or a walk below base; with kAmbiguous for several current heads or a walk
// that meets a merge point (Alembic's "Ambiguous walk").
Result<DowngradeDestination> ResolveDowngradeRelative(const RevisionGraph& graph,
                                                      const RevisionIds& current_heads,
                                                      const RelativeTarget& target);

// Resolves an anchor: `head`, `heads` (when there is one), `base` (nullopt), an id, a
// prefix or a label; with `label`, as `label@anchor` (the anchor must be on the branch).
Result<std::optional<RevisionId>> ResolveAnchor(const RevisionGraph& graph,
                                                const std::optional<std::string>& label,
                                                const Anchor& anchor);

// `-N` as the start of a range (`history -r -3:`), as Alembic's get_revisions: each head
// no revision depends on walked down N (for `label@-N`, those carrying the label). Fails
// with kInvalidInput when a walk reaches base (Alembic fails there too), kAmbiguous at a
// merge point.
Result<RevisionIds> WalkDownFromHeads(const RevisionGraph& graph, const RelativeTarget& target);

}  // namespace rev::engine
