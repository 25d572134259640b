#include "cli/offline_plan.h"

#include "engine/ids_json.h"
#include "engine/offline_sql.h"
#include "engine/planner.h"
#include "engine/target.h"
#include "validators/plan_sections.h"

namespace rev::cli {
namespace {

using engine::Direction;
using engine::RevisionGraph;

// The range --sql plans: a target alone is a range from base (an upgrade; a downgrade
// needs to be told where the database is); a START must name revisions.
Result<engine::TargetRange> OfflineRange(Direction direction, const engine::TargetOrRange& target) {
  if (const auto* single = std::get_if<engine::Target>(&target)) {
    if (direction == Direction::kUpgrade) return engine::TargetRange{std::nullopt, *single};
    return Status::InvalidInput("an offline downgrade needs START:TARGET")
        .WithHint(
            "--sql opens no database, so say where the database is, e.g. "
            "`rev downgrade --sql head:base` or `rev downgrade --sql REV:-1`");
  }
  const auto& range = std::get<engine::TargetRange>(target);
  if (range.start && engine::IsRelative(*range.start)) {
    return Status::InvalidInput("the START of START:TARGET must name revisions, not '" +
                                engine::TargetToString(*range.start) + "'")
        .WithHint("e.g. an id, a label@head, head, heads or base");
  }
  return range;
}

}  // namespace

nlohmann::json PlanJson(const engine::Plan& plan) {
  nlohmann::json steps = nlohmann::json::array();
  for (const engine::Step& step : plan.steps) {
    steps.push_back({{"revision", step.revision},
                     {"direction", engine::DirectionName(step.direction)},
                     {"from", step.from_heads},
                     {"to", step.to_heads},
                     {"edit", engine::VersionEditKindName(step.edit.kind)}});
  }
  return {{"steps", steps}, {"from", plan.start_heads}, {"to", plan.end_heads}};
}

Status RunOfflinePlan(Context& context, Direction direction, const engine::TargetOrRange& target) {
  context.SkipChecksums();  // opens no database
  REV_ASSIGN_OR_RETURN(const RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(engine::TargetRange range, OfflineRange(direction, target));
  REV_ASSIGN_OR_RETURN(engine::Plan plan, engine::PlanRange(*graph, range, direction));
  REV_RETURN_IF_ERROR(validators::CheckPlanSections(*graph, plan));
  if (context.out().json()) {
    context.out().Document(PlanJson(plan));
    return Status::Ok();
  }
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  engine::OfflineSqlOptions sql_options;
  sql_options.version_table = settings->backend.version_table;
  sql_options.version_table_schema = settings->backend.schema;
  // Without a database anywhere, the script is SQLite's, rev's default database.
  sql_options.dialect =
      settings->database && settings->database->kind() == engine::backends::DatabaseKind::kPostgres
          ? engine::SqlDialect::kPostgres
          : engine::SqlDialect::kSqlite;
  std::string script = engine::RenderOfflineSql(*graph, plan, sql_options);
  if (!script.empty() && script.back() == '\n') script.pop_back();
  context.out().Print(script);
  return Status::Ok();
}

}  // namespace rev::cli
