// What `rev restore` and `rev replay` share: the replay's target from --to, the preview a
// person confirms, and the run with a line per step and its report.
#include "cli/replay_run.h"

#include "cli/confirm.h"
#include "cli/progress.h"
#include "cli/run_report.h"
#include "engine/ids_json.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

namespace fs = std::filesystem;
using engine::operations::ReplayJob;
using engine::operations::ReplayPreview;
using engine::operations::TargetSource;
using SteadyClock = std::chrono::steady_clock;

std::string SourceText(const ReplayPreview& preview) {
  switch (preview.source) {
    case TargetSource::kRequested:
      return "as --to asks";
    case TargetSource::kPreRestore:
      return "the database's heads before the restore";
    case TargetSource::kJournal:
      return preview.resumes ? "where the interrupted replay was heading (journal)"
                             : "the journal's last heads for the database";
    case TargetSource::kHeadFallback:
      return "head: no heads to return to were found";
    case TargetSource::kNothingBefore:
      return "the database had nothing applied before";
  }
  return "";
}

// The preview, as lines for a person.
std::vector<std::string> PreviewLines(Context& context, const engine::RevisionGraph& graph,
                                      const ReplayPreview& preview) {
  std::vector<std::string> lines;
  const auto& manifest = preview.manifest;
  lines.push_back("Backup " + context.DisplayPath(preview.backup_file) + ": heads " +
                  revisions::HeadsText(manifest.heads) + ", made " + manifest.created_at +
                  (preview.restore ? ", size and SHA-256 checked" : "") + ".");
  if (preview.restore && preview.heads_before) {
    lines.push_back("Before the restore, the database is at " +
                    revisions::HeadsText(*preview.heads_before) + ".");
  } else if (!preview.restore) {
    lines.push_back("The database is at " + revisions::HeadsText(preview.restored_heads) + ".");
  }
  for (const std::string& note : preview.notes) lines.push_back("\u26a0 " + note);
  const engine::Plan& plan = preview.plan;
  if (plan.empty()) {
    lines.push_back(preview.source == TargetSource::kNothingBefore
                        ? "Nothing to replay: the database had nothing applied before the "
                          "restore, so it gets the backup as it is."
                        : "Nothing to replay (" + SourceText(preview) + ").");
    return lines;
  }
  lines.push_back("Replay from " + revisions::HeadsText(preview.restored_heads) + " to " +
                  revisions::HeadsText(plan.end_heads) + " (" + SourceText(preview) + "), " +
                  StepCount(plan.steps.size()) + ":");
  for (const engine::Step& step : plan.steps) {
    lines.push_back("  " + StepText(step, graph.Get(step.revision)));
  }
  return lines;
}

// What a restore costs, said where it is confirmed: the replay brings revisions back, not
// data. (A replay alone restores nothing: whatever was lost is lost already.)
std::vector<std::string> DataLossWarning(const ReplayPreview& preview) {
  if (!preview.restore) return {};
  return {"\u26a0 Rows written to the database after the backup was taken (" +
          preview.manifest.created_at +
          ") will be lost: the restore puts every table back as it was then, and the replay "
          "re-applies revisions, not data."};
}

// A line per step, and one for the restore: ✓ done, ✗ failed, ⚠ rolled back by Ctrl-C.
class ReplayPrinter final : public engine::operations::ReplayObserver {
 public:
  ReplayPrinter(Context* context, const ReplayPreview* preview)
      : context_(context),
        preview_(preview),
        progress_(&context->out(), ProgressPrinter::Lines::kAlways) {}

  void RestoreStarting(const ReplayPreview&) override {
    progress_.LineStarting("restoring " + context_->DisplayPath(preview_->backup_file));
  }
  void RestoreFinished(const engine::RevisionIds& heads,
                       std::chrono::milliseconds duration) override {
    progress_.LineFinished(context_->out().Mark(true),
                           "restored " + context_->DisplayPath(preview_->backup_file) +
                               ": the database is at " + revisions::HeadsText(heads) + " (" +
                               FormatDuration(duration) + ")");
  }
  void StepStarting(const engine::Step& step, const revisions::Revision& revision) override {
    progress_.StepStarting(step, revision);
  }
  void StepFinished(const engine::Step& step, const revisions::Revision& revision,
                    engine::backends::StepStatus status, std::chrono::milliseconds duration,
                    const Status& error) override {
    progress_.StepFinished(step, revision, status, duration, error);
  }
  // A restore that failed leaves its partial line: it ends here.
  void Finish(bool restore_failed) {
    if (restore_failed) progress_.LineFinished(context_->out().Mark(false), "restore failed");
  }
  const std::vector<StepOutcome>& outcomes() const { return progress_.outcomes(); }

 private:
  Context* context_;
  const ReplayPreview* preview_;
  ProgressPrinter progress_;
};

const char* SourceName(TargetSource source) {
  switch (source) {
    case TargetSource::kRequested:
      return "requested";
    case TargetSource::kPreRestore:
      return "pre-restore";
    case TargetSource::kJournal:
      return "journal";
    case TargetSource::kHeadFallback:
      return "head";
    case TargetSource::kNothingBefore:
      return "nothing-before";
  }
  return "";
}

void Report(Context& context, const ReplayPreview& preview, const ReplayPrinter& printer,
            const engine::operations::ReplayReport& replay, const Status& status) {
  RunReport report;
  report.command = preview.restore ? "restore" : "replay";
  report.from = preview.restored_heads;
  report.heads = replay.heads;
  report.steps = printer.outcomes();
  report.details = {{"backup", context.DisplayPath(preview.backup_file)},
                    {"restored", replay.restored},
                    {"target", preview.plan.end_heads},
                    {"source", SourceName(preview.source)},
                    {"replayed", replay.steps_applied},
                    {"planned", replay.steps_planned}};
  // A restore that failed left the database unchanged, and its error says so.
  if (!preview.restore || replay.restored) {
    report.summary = "Replayed " + std::to_string(replay.steps_applied) + "/" +
                     std::to_string(replay.steps_planned) + "; the database is at " +
                     revisions::HeadsText(replay.heads) + ".";
  }
  PrintRunReport(context.out(), report, status);
}

}  // namespace

Result<engine::operations::ReplayTarget> ParseReplayTarget(const std::string& text) {
  engine::operations::ReplayTarget to;
  if (text.empty() || text == "pre-restore") return to;
  if (text == "none") {
    to.kind = engine::operations::ReplayTarget::Kind::kNone;
    return to;
  }
  Result<engine::Target> parsed = engine::ParseTarget(text);
  if (!parsed.ok()) {
    return Status(parsed.status())
        .WithHint("--to takes pre-restore (the default), none, head, heads or a revision");
  }
  to.kind = engine::operations::ReplayTarget::Kind::kTarget;
  to.target = std::move(parsed).value();
  return to;
}

Result<engine::operations::ReplayRequest> NewReplayRequest(Context& context,
                                                           const std::string& file,
                                                           const std::string& to,
                                                           const SignalWatcher& watcher) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  engine::operations::ReplayRequest request;
  REV_ASSIGN_OR_RETURN(request.to, ParseReplayTarget(to));
  request.backup = context.cwd() / file;
  request.journal = settings->journal;
  request.lock_timeout = settings->lock_timeout;
  request.migration = RunOptions(watcher.flag());
  if (settings->database) {  // a replayed step may run a program
    request.migration.programs = {settings->project_root, &*settings->database};
  }
  return request;
}

void AddReplayTargetOption(CLI::App* command, std::string* to) {
  command->add_option("--to", *to,
                      "where the replay ends: pre-restore (the default: the heads before the "
                      "restore, else the journal's), none, head, heads or a revision");
}

Status ConfirmAndRun(Context& context, DatabaseSession& session, SignalWatcher& watcher,
                     ReplayJob& job) {
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  const ReplayPreview& preview = job.preview();
  std::vector<std::string> lines = PreviewLines(context, *graph, preview);
  for (const std::string& line : lines) context.out().Note(line);
  const std::string where = session.url().Redacted();
  if (!preview.restore && preview.plan.empty()) {
    engine::operations::ReplayReport nothing;
    nothing.heads = preview.restored_heads;
    Report(context, preview, ReplayPrinter(&context, &preview), nothing, Status::Ok());
    return Status::Ok();
  }
  std::string question =
      preview.restore
          ? "Restore " + where + " from " + context.DisplayPath(preview.backup_file) +
                (preview.plan.empty() ? "" : " and replay " + StepCount(preview.plan.steps.size()))
          : "Replay " + StepCount(preview.plan.steps.size()) + " on " + where;
  REV_RETURN_IF_ERROR(Confirm(context, DataLossWarning(preview), question));

  ReplayPrinter printer(&context, &preview);
  engine::operations::ReplayReport report;
  watcher.InterruptOnSignal(&session.backend());
  Status status = job.Run(&printer, &report);
  watcher.StopInterrupting();
  printer.Finish(preview.restore && !report.restored);
  if (!report.journal_problem.empty()) WarnJournalNotWritten(context.out(), report.journal_problem);
  Report(context, preview, printer, report, status);
  return status;
}

}  // namespace rev::cli
