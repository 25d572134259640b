#include "validators/plan_sections.h"

#include <optional>

namespace rev::validators {
namespace {

std::optional<Status> StepProblem(const revisions::Revision& revision,
                                  engine::Direction direction) {
  if (direction == engine::Direction::kUpgrade) {
    if (!revision.upgrade_left_empty()) return std::nullopt;
    return Status::InvalidInput("revision " + revision.id().str() +
                                " has an empty upgrade section; refusing to upgrade through it")
        .At({revision.path(), revision.lines().upgrade_marker, 0})
        .WithHint(
            "write its SQL under `-- rev:upgrade`; if it deliberately does nothing on this "
            "database, put a comment there saying why (comments alone are a no-op)");
  }
  // A merge or a deliberate no-op changed nothing: there is nothing for a downgrade to undo.
  if (revision.is_merge() || revision.upgrade_runs_nothing()) return std::nullopt;
  if (revision.has_downgrade_marker()) return std::nullopt;
  return Status::InvalidInput("revision " + revision.id().str() +
                              " has no downgrade section; it cannot be downgraded")
      .At({revision.path(), revision.lines().upgrade_marker, 0})
      .WithHint("add `-- rev:downgrade` with the SQL that undoes its upgrade");
}

}  // namespace

Status CheckPlanSections(const engine::RevisionGraph& graph, const engine::Plan& plan) {
  std::optional<Status> first;
  size_t others = 0;
  for (const engine::Step& step : plan.steps) {
    std::optional<Status> problem = StepProblem(graph.Get(step.revision), step.direction);
    if (!problem) continue;
    if (first) {
      ++others;
    } else {
      first = std::move(problem);
    }
  }
  if (!first) return Status::Ok();
  if (others == 0) return *first;
  Status status =
      Status::InvalidInput(first->message() + " (and " + std::to_string(others) + " more revision" +
                           (others > 1 ? "s" : "") + " in the plan like it)");
  if (first->location()) status.At(*first->location());
  return status.WithHint(first->hint());
}

}  // namespace rev::validators
