#include "engine/plan_to_heads.h"

#include <algorithm>
#include <unordered_set>

#include "engine/planner.h"
#include "revisions/join.h"

namespace rev::engine {
RevisionIds AppliedBeyond(const RevisionGraph& graph, const RevisionIds& current_heads,
                          const RevisionIds& target_heads) {
  RevisionIds target_applied = graph.Ancestors(target_heads);
  std::unordered_set<RevisionId> kept(target_applied.begin(), target_applied.end());
  RevisionIds beyond;
  for (const RevisionId& id : graph.Ancestors(current_heads)) {
    if (kept.count(id) == 0) beyond.push_back(id);
  }
  return graph.InUpgradeOrder(beyond);
}

Result<Plan> PlanUpgradeToHeads(const RevisionGraph& graph, const RevisionIds& current_heads,
                                const RevisionIds& target_heads) {
  for (const RevisionId& head : target_heads) {
    if (!graph.Contains(head)) {
      return Status::NotFound("the replay needs revision " + head.str() +
                              ", whose file is not in the revision folder")
          .WithHint("update the checkout to include it, or choose another target with --to");
    }
  }
  RevisionIds targets = target_heads;
  RevisionIds beyond = AppliedBeyond(graph, current_heads, targets);
  if (!beyond.empty()) {
    return Status::InvalidInput("reaching " + revisions::Join(targets, ", ", "none") + " from " +
                                revisions::Join(current_heads, ", ", "none") + " would downgrade " +
                                revisions::Join(beyond, ", ", "none"));
  }
  Plan plan;
  plan.direction = Direction::kUpgrade;
  RevisionIds heads = current_heads;
  std::sort(heads.begin(), heads.end());
  plan.start_heads = heads;
  for (const RevisionId& target : graph.InUpgradeOrder(targets)) {
    REV_ASSIGN_OR_RETURN(Plan part,
                         PlanUpgrade(graph, heads, NamedTarget{target.str(), std::nullopt}));
    for (Step& step : part.steps) plan.steps.push_back(std::move(step));
    heads = part.end_heads;
  }
  plan.end_heads = heads;
  std::sort(targets.begin(), targets.end());
  targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
  if (plan.end_heads != targets) {
    return Status::InvalidInput("the heads " + revisions::Join(targets, ", ", "none") +
                                " are not a version table's rows: one is below another");
  }
  return plan;
}

}  // namespace rev::engine
