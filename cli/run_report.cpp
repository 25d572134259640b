#include "cli/run_report.h"

#include "cli/exit_code.h"
#include "engine/ids_json.h"

namespace rev::cli {

StepOutcome OutcomeOf(const engine::Step& step, engine::backends::StepStatus status,
                      std::chrono::milliseconds duration) {
  return {step.revision,   engine::DirectionName(step.direction),
          step.from_heads, step.to_heads,
          status,          duration};
}

StepOutcome OutcomeOf(const engine::backends::HistoryRow& row) {
  std::optional<revisions::RevisionId> revision;
  if (!row.revision.empty()) revision = revisions::RevisionId::TryParse(row.revision);
  return {revision,     row.direction, row.from_heads,
          row.to_heads, row.status,    std::chrono::milliseconds(row.duration_ms)};
}

void PrintRunReport(Output& out, const RunReport& report, const Status& status) {
  if (!out.json()) {
    if (!report.summary.empty()) out.Note(report.summary);
    return;
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const StepOutcome& step : report.steps) {
    steps.push_back(
        {{"revision", step.revision ? nlohmann::json(*step.revision) : nlohmann::json()},
         {"direction", step.direction},
         {"from", step.from},
         {"to", step.to},
         {"status", engine::backends::StepStatusName(step.status)},
         {"duration_ms", step.duration.count()}});
  }
  nlohmann::json document = {{"command", report.command},
                             {"steps", steps},
                             {"from", report.from},
                             {"heads", report.heads}};
  for (const auto& [key, value] : report.details.items()) document[key] = value;
  if (!status.ok()) {
    nlohmann::json error = {{"code", StatusCodeName(status.code())}, {"message", status.message()}};
    Output::AddLocation(status.location().value_or(SourceLocation{}), &error);
    if (!status.hint().empty()) error["hint"] = status.hint();
    document["error"] = error;
  }
  out.Document(document);
}

std::string StepCount(size_t count) {
  return std::to_string(count) + (count == 1 ? " step" : " steps");
}

void WarnJournalNotWritten(Output& out, const std::string& problem) {
  out.Warning(
      {"journal", "the change was made, but not written to the local journal: " + problem, {}, ""});
}

}  // namespace rev::cli
