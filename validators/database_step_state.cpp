// dirty-step, step-in-progress, last-step-failed: how the last steps rev ran ended.
#include "validators/database_rules.h"

namespace rev::validators {
namespace {

SourceLocation WhereIs(const FolderFacts& folder, const std::string& id) {
  const revisions::Revision* revision = FindInFolder(folder, id);
  return revision != nullptr ? SourceLocation{revision->path(), 0, 0} : SourceLocation{};
}

}  // namespace

void CheckStepState(const FolderFacts& folder, const DatabaseFacts& database, Findings* findings) {
  const engine::operations::DatabaseState& state = database.state;
  if (state.dirty) {
    const engine::backends::HistoryRow& row = *state.dirty;
    Finding finding;
    finding.location = WhereIs(folder, row.revision);
    if (database.lock_held && row.status == engine::backends::StepStatus::kStarted) {
      finding.code = "step-in-progress";
      finding.severity = Severity::kWarning;
      finding.message = "the " + row.direction + " of " + row.revision +
                        " (transactional: " + "false) started at " + row.started_at +
                        " is running now: another rev holds the migration lock";
      finding.hint = "validate again when it is done";
    } else {
      finding.code = "dirty-step";
      std::string what = row.status == engine::backends::StepStatus::kStarted
                             ? "started at " + row.started_at + " and never finished"
                             : "failed at " + row.finished_at + ": " + row.error;
      finding.message = database.where + " is dirty: the " + row.direction + " of " + row.revision +
                        " (transactional: false) " + what;
      finding.hint =
          "check what of it ran; then `rev stamp` the revision it reached, or undo its "
          "partial changes and run `rev repair`";
    }
    findings->push_back(std::move(finding));
  }
  if (state.last_failure && !(state.dirty && state.dirty->id == state.last_failure->id)) {
    const engine::backends::HistoryRow& row = *state.last_failure;
    Finding finding;
    finding.code = "last-step-failed";
    finding.severity = Severity::kWarning;
    finding.location = WhereIs(folder, row.revision);
    finding.message = "the last step rev ran on " + database.where + ", the " + row.direction +
                      " of " + row.revision + " at " + row.started_at +
                      (row.status == engine::backends::StepStatus::kRolledBack ? ", was rolled back"
                                                                               : ", failed") +
                      (row.error.empty() ? "" : ": " + row.error);
    finding.hint = "fix the revision and run the command again; `rev repair` clears the record";
    findings->push_back(std::move(finding));
  }
}

}  // namespace rev::validators
