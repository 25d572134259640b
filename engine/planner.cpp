#include "engine/planner.h"

#include <algorithm>
#include <unordered_set>

#include "engine/head_overlap.h"
#include "engine/head_tracker.h"
#include "engine/relative_targets.h"
#include "engine/target_resolution.h"

namespace rev::engine {
namespace {

using IdSet = std::unordered_set<RevisionId>;

Status CheckKnown(const RevisionGraph& graph, const RevisionIds& heads) {
  for (const RevisionId& head : heads) {
    if (!graph.Contains(head)) {
      return Status::NotFound("the version table holds " + head.str() +
                              ", which no revision file declares")
          .WithHint(
              "the database is ahead of this folder, or its file was removed; "
              "`rev stamp` sets the version table");
    }
  }
  return Status::Ok();
}

// The steps of `order`, from `heads`, each with its version edit and rows before/after.
Result<Plan> LayOut(const RevisionGraph& graph, const RevisionIds& heads, const RevisionIds& order,
                    Direction direction) {
  HeadTracker tracker(graph, heads, direction);
  Plan plan;
  plan.direction = direction;
  plan.start_heads = tracker.heads();
  plan.steps.reserve(order.size());
  for (const RevisionId& revision : order) {
    Result<Step> step = tracker.Next(revision);
    if (!step.ok())
      return Status::Internal("planned an impossible step: " + step.status().message());
    plan.steps.push_back(std::move(step).value());
  }
  plan.end_heads = tracker.heads();
  return plan;
}

// A plan must not end with a revision and its ancestor both as rows. Only a version table
// that held such rows already gives one (rows are consumed as their children apply), so
// the message speaks of the current heads, and the fix is to set them right.
Status CheckNoOverlap(const RevisionGraph& graph, const Plan& plan, const Target& target) {
  std::optional<HeadOverlap> overlap = FindHeadOverlap(graph, plan.end_heads);
  if (!overlap) return Status::Ok();
  return Status::InvalidInput(std::string(DirectionName(plan.direction)) + " to " +
                              TargetToString(target) + " would leave the version table with " +
                              overlap->descendant.str() + " and its ancestor " +
                              overlap->ancestor.str() + " both as heads: the current heads (" +
                              DescribeRevisions(graph, plan.start_heads) + ") overlap")
      .WithHint("a version table holds only the newest revision of each branch: `rev stamp " +
                overlap->descendant.str() +
                "` sets it to that revision alone without running SQL (with several "
                "branches, stamp their heads together, e.g. `rev stamp heads`), then run this "
                "again");
}

Result<RevisionIds> UpgradeTargets(const RevisionGraph& graph, const RevisionIds& current,
                                   const Target& target) {
  if (const auto* relative = std::get_if<RelativeTarget>(&target)) {
    return ResolveUpgradeRelative(graph, current, *relative);
  }
  return ResolveTarget(graph, target);
}

// The rows `ids` stand for: those that are no other's ancestor (as a version table holds).
RevisionIds Antichain(const RevisionGraph& graph, RevisionIds ids) {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() <= 1) return ids;
  RevisionIds below;
  for (const RevisionId& id : ids) {
    for (const RevisionId& parent : graph.Parents(id)) below.push_back(parent);
    for (const RevisionId& dependency : graph.Dependencies(id)) below.push_back(dependency);
  }
  RevisionIds covered = graph.Ancestors(below);
  IdSet covered_set(covered.begin(), covered.end());
  RevisionIds rows;
  for (const RevisionId& id : ids) {
    if (covered_set.count(id) == 0) rows.push_back(id);
  }
  return rows;
}

Result<DowngradeDestination> DowngradeTarget(const RevisionGraph& graph, const RevisionIds& current,
                                             const Target& target) {
  if (const auto* relative = std::get_if<RelativeTarget>(&target)) {
    return ResolveDowngradeRelative(graph, current, *relative);
  }
  DowngradeDestination destination;
  if (const auto* named = std::get_if<NamedTarget>(&target)) destination.branch = named->label;
  if (const auto* keyword = std::get_if<KeywordTarget>(&target))
    destination.branch = keyword->label;
  REV_ASSIGN_OR_RETURN(RevisionIds resolved, ResolveTarget(graph, target));
  // `heads` where the only other heads are depended upon is one revision, as in Alembic.
  resolved = Antichain(graph, std::move(resolved));
  if (resolved.size() > 1) {
    return Status::Ambiguous("a downgrade goes to one revision, and '" + TargetToString(target) +
                             "' names several: " + DescribeRevisions(graph, resolved))
        .WithHint("name one of them");
  }
  if (!resolved.empty()) destination.revision = resolved.front();
  return destination;
}

// Alembic's roots of a downgrade: the bases (to base) or the target's children, kept at a
// branch point to those below the branch the target came with.
Result<RevisionIds> DowngradeRoots(const RevisionGraph& graph,
                                   const DowngradeDestination& destination) {
  RevisionIds roots = destination.revision ? graph.Children(*destination.revision) : graph.Bases();
  if (!destination.branch || roots.size() <= 1) return roots;
  REV_ASSIGN_OR_RETURN(RevisionId branch, ResolveBranch(graph, *destination.branch));
  RevisionIds below = graph.Ancestors({branch}, false);
  IdSet on_branch(below.begin(), below.end());
  RevisionIds kept;
  for (const RevisionId& root : roots) {
    if (on_branch.count(root) != 0) kept.push_back(root);
  }
  if (kept.empty()) {
    return Status::InvalidInput("no revision of branch '" + *destination.branch + "' lies above " +
                                (destination.revision ? destination.revision->str() : "base"))
        .WithHint("`rev history` shows the branches");
  }
  return kept;
}

// One side of a range: absolute forms, REV±N, `+N` from `from` (the other side), and
// `-N` as each head walked down. History clamps walks past the end, as Alembic's does.
Result<RevisionIds> ResolveRangeSide(const RevisionGraph& graph, const Target& target,
                                     const RevisionIds& from, bool clamp) {
  if (const auto* relative = std::get_if<RelativeTarget>(&target)) {
    if (!relative->anchor && relative->delta < 0) return WalkDownFromHeads(graph, *relative);
    return ResolveUpgradeRelative(graph, from, *relative, clamp);
  }
  return ResolveTarget(graph, target);
}

// As Alembic's history: a START naming a branch (`shop@-1:`) keeps END to the revisions
// carrying that branch's label.
Result<RevisionIds> KeepToStartBranch(const RevisionGraph& graph, const Target& start,
                                      RevisionIds upper) {
  std::optional<std::string> label = std::visit([](const auto& side) { return side.label; }, start);
  if (!label) return upper;
  if (graph.LabelOwner(*label) == nullptr) {
    // A revision used as a label stands for its branch's label, when it has one.
    REV_ASSIGN_OR_RETURN(RevisionId id, ResolveBranch(graph, *label));
    auto labels = graph.LabelsOf(id);
    if (labels.size() != 1) return upper;
    label = labels.front().str();
  }
  RevisionIds kept;
  for (const RevisionId& id : upper) {
    auto labels = graph.LabelsOf(id);
    bool carries = std::any_of(labels.begin(), labels.end(),
                               [&](const BranchLabel& carried) { return carried.str() == *label; });
    if (carries) kept.push_back(id);
  }
  return kept;
}

}  // namespace

Result<Plan> PlanUpgrade(const RevisionGraph& graph, const RevisionIds& current_heads,
                         const Target& target) {
  REV_RETURN_IF_ERROR(CheckKnown(graph, current_heads));
  REV_ASSIGN_OR_RETURN(RevisionIds targets, UpgradeTargets(graph, current_heads, target));
  // Everything the targets need, less what the current heads already imply.
  RevisionIds required = graph.Ancestors(targets);
  RevisionIds applied = graph.Ancestors(current_heads);
  IdSet applied_set(applied.begin(), applied.end());
  RevisionIds needed;
  for (const RevisionId& id : required) {
    if (applied_set.count(id) == 0) needed.push_back(id);
  }
  REV_ASSIGN_OR_RETURN(Plan plan, LayOut(graph, current_heads, needed, Direction::kUpgrade));
  REV_RETURN_IF_ERROR(CheckNoOverlap(graph, plan, target));
  return plan;
}

Result<Plan> PlanDowngrade(const RevisionGraph& graph, const RevisionIds& current_heads,
                           const Target& target) {
  REV_RETURN_IF_ERROR(CheckKnown(graph, current_heads));
  REV_ASSIGN_OR_RETURN(DowngradeDestination destination,
                       DowngradeTarget(graph, current_heads, target));
  REV_ASSIGN_OR_RETURN(RevisionIds roots, DowngradeRoots(graph, destination));
  // The roots and everything built on them (dependents included), as far as applied.
  RevisionIds applied = graph.Ancestors(current_heads);
  IdSet applied_set(applied.begin(), applied.end());
  RevisionIds removed;
  for (const RevisionId& id : graph.Descendants(roots)) {
    if (applied_set.count(id) != 0) removed.push_back(id);
  }
  const auto& revision = destination.revision;
  if (revision && removed.empty() &&
      std::find(current_heads.begin(), current_heads.end(), *revision) == current_heads.end()) {
    return Status::InvalidInput("cannot downgrade to " + revision->str() +
                                ": it is not below the current heads (" +
                                (current_heads.empty() ? std::string("none")
                                                       : DescribeRevisions(graph, current_heads)) +
                                ")")
        .WithHint(applied_set.count(*revision) != 0 ? "nothing above it is applied"
                                                    : "it is not applied; use `rev upgrade`");
  }
  std::reverse(removed.begin(), removed.end());
  REV_ASSIGN_OR_RETURN(Plan plan, LayOut(graph, current_heads, removed, Direction::kDowngrade));
  REV_RETURN_IF_ERROR(CheckNoOverlap(graph, plan, target));
  return plan;
}

Result<Plan> PlanRange(const RevisionGraph& graph, const TargetRange& range, Direction direction) {
  RevisionIds start;
  if (range.start) {
    REV_ASSIGN_OR_RETURN(start, ResolveRangeSide(graph, *range.start, {}, false));
    start = Antichain(graph, std::move(start));
  }
  if (direction == Direction::kUpgrade) {
    return PlanUpgrade(graph, start, range.end.value_or(KeywordTarget{Keyword::kHeads, {}}));
  }
  if (!range.end) {
    return Status::InvalidInput("a downgrade range needs its end: START:END, e.g. head:base");
  }
  return PlanDowngrade(graph, start, *range.end);
}

Result<RevisionIds> HistoryRange(const RevisionGraph& graph,
                                 const std::optional<TargetRange>& range) {
  RevisionIds all = graph.UpgradeOrder();
  if (!range || (!range->start && !range->end)) return RevisionIds(all.rbegin(), all.rend());
  RevisionIds lower;
  if (range->start) {
    REV_ASSIGN_OR_RETURN(lower, ResolveRangeSide(graph, *range->start, {}, true));
  }
  // `heads` here, as in Alembic, is the heads nothing depends on.
  RevisionIds upper = Antichain(graph, graph.Heads());
  if (range->end && !(*range->end == Target(KeywordTarget{Keyword::kHeads, {}}))) {
    REV_ASSIGN_OR_RETURN(upper, ResolveRangeSide(graph, *range->end, lower, true));
  }
  if (range->start) {
    REV_ASSIGN_OR_RETURN(upper, KeepToStartBranch(graph, *range->start, std::move(upper)));
  }
  // Alembic's `history -r A:B`: B and its ancestors (depends_on included) that are A or
  // built on A through down_revision, but not below another start.
  RevisionIds required = graph.Ancestors(upper);
  IdSet required_set(required.begin(), required.end());
  for (const RevisionId& start : lower) {
    if (required_set.count(start) == 0) {
      return Status::InvalidInput("revision " + start.str() + " is not an ancestor of " +
                                  (range->end ? TargetToString(*range->end) : "heads"))
          .WithHint("a range runs from an older revision to a newer one: OLD:NEW");
    }
  }
  if (Antichain(graph, lower).size() != lower.size()) {
    return Status::InvalidInput("the start of " + TargetToString(*range) + " names " +
                                DescribeRevisions(graph, lower) + ", one built on another")
        .WithHint("start the range at one revision");
  }
  IdSet shown = required_set;
  if (!lower.empty()) {
    RevisionIds above = graph.Descendants(lower, false);
    shown = IdSet(above.begin(), above.end());
    RevisionIds below_starts;
    for (const RevisionId& start : lower) {
      for (const RevisionId& parent : graph.Parents(start)) below_starts.push_back(parent);
      for (const RevisionId& dependency : graph.Dependencies(start))
        below_starts.push_back(dependency);
    }
    for (const RevisionId& id : graph.Ancestors(below_starts)) shown.erase(id);
  }
  RevisionIds history;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (shown.count(*it) != 0 && required_set.count(*it) != 0) history.push_back(*it);
  }
  return history;
}

}  // namespace rev::engine
