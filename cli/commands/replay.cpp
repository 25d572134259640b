#include "cli/commands/replay.h"

#include "cli/confirm.h"
#include "cli/database_session.h"
#include "cli/progress.h"
#include "engine/ids_json.h"
#include "engine/operations/journal.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

namespace fs = std::filesystem;
using engine::operations::ReplayJob;
using engine::operations::ReplayPreview;
using engine::operations::TargetSource;
using SteadyClock = std::chrono::steady_clock;

std::string Steps(size_t count) {
  return std::to_string(count) + (count == 1 ? " step" : " steps");
}

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
                  Steps(plan.steps.size()) + ":");
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

// A line per step (and for the restore): ✓ done, ✗ failed, ⚠ rolled back by Ctrl-C.
class ReplayPrinter final : public engine::operations::ReplayObserver {
 public:
  ReplayPrinter(Context* context, const ReplayPreview* preview)
      : context_(context),
        preview_(preview),
        terminal_(context->out().stdout_is_terminal() && !context->out().quiet()) {}

  void RestoreStarting(const ReplayPreview&) override {
    Partial("restoring " + context_->DisplayPath(preview_->backup_file));
  }
  void RestoreFinished(const engine::RevisionIds& heads,
                       std::chrono::milliseconds duration) override {
    Line(context_->out().Mark(true) + " restored " + context_->DisplayPath(preview_->backup_file) +
         ": the database is at " + revisions::HeadsText(heads) + " (" + FormatDuration(duration) +
         ")");
  }
  void StepStarting(const engine::Step& step, const revisions::Revision& revision) override {
    Partial(StepText(step, revision));
  }
  void StepFinished(const engine::Step& step, const revisions::Revision& revision,
                    engine::backends::StepStatus status, std::chrono::milliseconds duration,
                    const Status& error) override {
    bool ok = error.ok() && status == engine::backends::StepStatus::kApplied;
    bool rolled_back = status == engine::backends::StepStatus::kRolledBack;
    std::string mark = rolled_back ? "\u26a0" : context_->out().Mark(ok);
    Line(mark + " " + StepText(step, revision) + " (" + FormatDuration(duration) + ")" +
         (rolled_back ? " rolled back" : ""));
    nlohmann::json item = {{"revision", step.revision.str()},
                           {"direction", engine::DirectionName(step.direction)},
                           {"status", engine::backends::StepStatusName(status)},
                           {"duration_ms", duration.count()}};
    steps_.push_back(item);
  }
  // A restore that failed leaves its partial line: it ends here.
  void Finish(bool restore_failed) {
    if (restore_failed) Line(context_->out().Mark(false) + " restore failed");
  }
  const nlohmann::json& steps() const { return steps_; }

 private:
  void Partial(const std::string& text) {
    if (terminal_) context_->out().Partial("  \u2026 " + text);
    partial_ = terminal_;
  }
  void Line(const std::string& text) {
    context_->out().Note(std::string(partial_ ? "\r\033[K" : "") + "  " + text);
    partial_ = false;
  }

  Context* context_;
  const ReplayPreview* preview_;
  bool terminal_;
  bool partial_ = false;
  nlohmann::json steps_ = nlohmann::json::array();
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
            const engine::operations::ReplayReport& report, const Status& status) {
  if (context.out().json()) {
    nlohmann::json document = {{"backup", context.DisplayPath(preview.backup_file)},
                               {"restored", report.restored},
                               {"from", preview.restored_heads},
                               {"target", preview.plan.end_heads},
                               {"source", SourceName(preview.source)},
                               {"steps", printer.steps()},
                               {"replayed", report.steps_applied},
                               {"planned", report.steps_planned},
                               {"heads", report.heads}};
    if (!status.ok()) document["error"] = status.ToString();
    context.out().Document(document);
    return;
  }
  if (preview.restore && !report.restored) return;  // the error says the database is unchanged
  context.out().Print("Replayed " + std::to_string(report.steps_applied) + "/" +
                      std::to_string(report.steps_planned) + "; the database is at " +
                      revisions::HeadsText(report.heads) + ".");
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
    context.out().Print("Replayed 0/0; the database is at " +
                        revisions::HeadsText(preview.restored_heads) + ".");
    return Status::Ok();
  }
  std::string question =
      preview.restore
          ? "Restore " + where + " from " + context.DisplayPath(preview.backup_file) +
                (preview.plan.empty() ? "" : " and replay " + Steps(preview.plan.steps.size()))
          : "Replay " + Steps(preview.plan.steps.size()) + " on " + where;
  REV_RETURN_IF_ERROR(Confirm(context, DataLossWarning(preview), question));

  ReplayPrinter printer(&context, &preview);
  engine::operations::ReplayReport report;
  watcher.InterruptOnSignal(&session.backend());
  Status status = job.Run(&printer, &report);
  watcher.StopInterrupting();
  printer.Finish(preview.restore && !report.restored);
  if (!report.journal_problem.empty()) {
    context.out().Warning(
        {"journal",
         "the change was made, but not written to the local journal: " + report.journal_problem,
         {},
         ""});
  }
  Report(context, preview, printer, report, status);
  return status;
}

void RegisterReplay(CLI::App& app, Action* action) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* command = app.add_subcommand(
      "replay", "After a restore made by other means: replay what the database had applied");
  command->add_option("file", options->file, "the backup the database was restored from")
      ->required();
  AddReplayTargetOption(command, &options->to);
  BindAction(command, options, RunReplay, action);
}

Status RunReplay(const ReplayOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  REV_ASSIGN_OR_RETURN(engine::operations::ReplayTarget to, ParseReplayTarget(options.to));
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  SignalWatcher watcher;
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true));
  engine::operations::ReplayRequest request;
  request.backup = context.cwd() / options.file;
  request.to = to;
  request.journal = settings->journal;
  request.lock_timeout = settings->lock_timeout;
  request.migration = RunOptions(watcher.flag());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<ReplayJob> job,
                       ReplayJob::PrepareReplay(session->backend(), session->url(),
                                                session->options(), *graph, request));
  return ConfirmAndRun(context, *session, watcher, *job);
}

}  // namespace rev::cli
