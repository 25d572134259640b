#include "cli/step_changes.h"

#include "cli/schema_session.h"
#include "cli/schema_view.h"
#include "engine/planner.h"
#include "engine/schema/step_changes.h"

namespace rev::cli {

std::optional<std::vector<engine::schema::Changes>> FindStepChanges(
    Context& context, const engine::RevisionGraph& graph, const engine::Plan& plan) {
  if (plan.empty()) return std::vector<engine::schema::Changes>{};
  auto session = SchemaSession::Open(context, true);
  if (!session.ok()) return std::nullopt;
  auto changes = engine::schema::ChangesOfSteps(
      (*session)->scratch(), graph, plan,
      engine::schema::IntrospectOptionsFor((*session)->inputs().options));
  if (changes.ok()) return std::move(changes).value();
  if (changes.status().code() == StatusCode::kInterrupted) return std::nullopt;
  bool no_dev = (*session)->kind() == engine::backends::DatabaseKind::kPostgres &&
                changes.status().code() == StatusCode::kInvalidInput &&
                !context.Settings().value()->dev_database;
  if (no_dev) {
    context.out().Note("(set dev_database: in rev.yaml to see what each step changes)");
  } else {
    context.out().Warning({"step-changes",
                           "what each step changes is not shown: " + changes.status().ToString(),
                           {},
                           ""});
  }
  return std::nullopt;
}

engine::Plan PlanOfRevision(const engine::RevisionGraph& graph, const engine::RevisionId& id) {
  engine::Plan whole =
      engine::PlanUpgrade(graph, {}, engine::NamedTarget{id.str(), std::nullopt}).value();
  engine::Plan one;
  one.direction = engine::Direction::kUpgrade;
  one.start_heads = whole.steps.back().from_heads;
  one.end_heads = whole.steps.back().to_heads;
  one.steps.push_back(whole.steps.back());
  return one;
}

std::vector<std::string> StepChangeLines(const engine::schema::Changes& changes) {
  std::vector<std::string> lines;
  for (std::string& line : ChangeLines(changes)) lines.push_back("    " + std::move(line));
  if (changes.empty()) lines.push_back("        (no change to the schema or the sample rows)");
  return lines;
}

void AddStepChanges(const std::vector<engine::schema::Changes>& changes, nlohmann::json* plan) {
  auto& steps = (*plan)["steps"];
  for (size_t i = 0; i < changes.size() && i < steps.size(); ++i) {
    steps[i]["changes"] = ChangesJson(changes[i]);
  }
}

}  // namespace rev::cli
