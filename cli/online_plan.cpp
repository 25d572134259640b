#include "cli/online_plan.h"

#include "cli/confirm.h"
#include "cli/exit_code.h"
#include "cli/offline_plan.h"
#include "cli/progress.h"
#include "cli/run_report.h"
#include "cli/signal_watcher.h"
#include "cli/step_changes.h"
#include "engine/operations/backup.h"
#include "engine/operations/database_state.h"
#include "engine/operations/journal_observer.h"
#include "engine/planner.h"
#include "engine/target.h"
#include "revisions/join.h"
#include "validators/plan_sections.h"

namespace rev::cli {
namespace {

using engine::Direction;
using engine::Plan;
using engine::RevisionGraph;
using engine::operations::DatabaseState;

using SteadyClock = std::chrono::steady_clock;

Result<Plan> PlanFrom(const RevisionGraph& graph, const DatabaseState& state,
                      const engine::Target& target, Direction direction) {
  const engine::RevisionIds& heads = state.heads;
  REV_ASSIGN_OR_RETURN(Plan plan, direction == Direction::kUpgrade
                                      ? engine::PlanUpgrade(graph, heads, target)
                                      : engine::PlanDowngrade(graph, heads, target));
  REV_RETURN_IF_ERROR(validators::CheckPlanSections(graph, plan));
  return plan;
}

std::vector<std::string> PlanLines(const RevisionGraph& graph, const Plan& plan) {
  std::vector<std::string> lines;
  for (const engine::Step& step : plan.steps) {
    lines.push_back("  " + StepText(step, graph.Get(step.revision)));
  }
  return lines;
}

Status NothingToDo(Context& context, const Plan& plan) {
  RunReport report;
  report.command = engine::DirectionName(plan.direction);
  report.from = plan.start_heads;
  report.heads = plan.start_heads;
  report.details["applied"] = 0;
  report.summary = "Already at " + revisions::HeadsText(plan.start_heads) + "; nothing to do.";
  PrintRunReport(context.out(), report, Status::Ok());
  return Status::Ok();
}

Status PrintDryRun(Context& context, const RevisionGraph& graph, const Plan& plan,
                   const std::string& where) {
  Output& out = context.out();
  auto changes = FindStepChanges(context, graph, plan);
  if (out.json()) {
    nlohmann::json document = PlanJson(plan);
    if (changes) AddStepChanges(*changes, &document);
    out.Document(document);
    return Status::Ok();
  }
  if (plan.empty()) {
    out.Note("Already at " + revisions::HeadsText(plan.start_heads) + "; nothing to do.");
    return Status::Ok();
  }
  out.Note("Would " + std::string(engine::DirectionName(plan.direction)) + " " + where + " from " +
           revisions::HeadsText(plan.start_heads) + " to " + revisions::HeadsText(plan.end_heads) +
           " in " + StepCount(plan.steps.size()) + " (dry run: nothing changes):");
  std::vector<std::string> lines = PlanLines(graph, plan);
  for (size_t i = 0; i < lines.size(); ++i) {
    out.Print(lines[i]);
    if (!changes) continue;
    for (const std::string& line : StepChangeLines((*changes)[i])) out.Print(line);
  }
  return Status::Ok();
}

void Report(Context& context, const Plan& plan, const ProgressPrinter& progress,
            const engine::operations::MigrationReport& migration, const Status& status,
            std::chrono::milliseconds elapsed) {
  RunReport report;
  report.command = engine::DirectionName(plan.direction);
  report.from = plan.start_heads;
  report.heads = migration.heads;
  report.steps = progress.outcomes();
  report.details["applied"] = migration.steps_applied;
  // A failed run's error and hint say what stays applied.
  if (status.ok()) {
    report.summary = (plan.direction == Direction::kUpgrade ? "Applied " : "Reverted ") +
                     StepCount(migration.steps_applied) + " in " + FormatDuration(elapsed) +
                     "; the database is at " + revisions::HeadsText(migration.heads) + ".";
  }
  PrintRunReport(context.out(), report, status);
}

// Asks when the environment says `confirm: true`; returns whether it asked (and was
// answered yes).
Result<bool> AskFirst(Context& context, const RevisionGraph& graph, const Plan& plan,
                      const std::string& where) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  if (!settings->confirm) return false;
  std::string verb = plan.direction == Direction::kUpgrade ? "Upgrade " : "Downgrade ";
  std::vector<std::string> lines = {"Environment '" + context.options().env + "' (" + where +
                                    "), " + StepCount(plan.steps.size()) + ":"};
  for (std::string& line : PlanLines(graph, plan)) lines.push_back(std::move(line));
  REV_RETURN_IF_ERROR(Confirm(context, lines,
                              verb + where + " from " + revisions::HeadsText(plan.start_heads) +
                                  " to " + revisions::HeadsText(plan.end_heads)));
  return true;
}

bool SameSteps(const Plan& a, const Plan& b) {
  if (a.start_heads != b.start_heads || a.steps.size() != b.steps.size()) return false;
  for (size_t i = 0; i < a.steps.size(); ++i) {
    if (a.steps[i].revision != b.steps[i].revision ||
        a.steps[i].direction != b.steps[i].direction) {
      return false;
    }
  }
  return true;
}

Status Backup(Context& context, DatabaseSession& session, const std::atomic<bool>* interrupted) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  engine::operations::BackupRequest request;
  request.folder = settings->backup_dir;
  request.rev_version = REV_VERSION;
  request.lock_timeout = settings->lock_timeout;
  request.interrupted = interrupted;
  REV_ASSIGN_OR_RETURN(engine::operations::BackupResult backup,
                       engine::operations::CreateBackup(session.backend(), session.url(),
                                                        session.options(), request));
  context.out().Note("Backed up to " + context.DisplayPath(backup.file) + ".");
  return Status::Ok();
}

// The change itself: under the lock, on a state read after taking it. `confirmed` is the
// plan the person said yes to before the lock, if they were asked.
Status RunLocked(Context& context, const RevisionGraph& graph, const engine::Target& target,
                 const OnlineRequest& request, const std::optional<Plan>& confirmed) {
  // Before the session: it ends after it. Inside another program, that program's signals
  // are its own.
  SignalWatcher watcher(context.options().embedded ? SignalWatcher::Signals::kLeaveAlone
                                                   : SignalWatcher::Signals::kWatch);
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true, /*quietly=*/true));
  engine::backends::Backend& backend = session->backend();
  REV_RETURN_IF_ERROR(session->Lock(graph));
  REV_ASSIGN_OR_RETURN(DatabaseState state, engine::operations::ReadDatabaseState(backend, graph));
  REV_RETURN_IF_ERROR(
      engine::operations::CheckReadyToChange(state, graph, request.ignore_checksums));
  REV_ASSIGN_OR_RETURN(Plan plan, PlanFrom(graph, state, target, request.direction));
  if (plan.empty()) return NothingToDo(context, plan);
  if (!confirmed) {
    REV_RETURN_IF_ERROR(AskFirst(context, graph, plan, session->url().Redacted()).status());
  } else if (!SameSteps(plan, *confirmed)) {
    return Status::Conflict("the database changed while the plan was being confirmed (now at " +
                            revisions::HeadsText(plan.start_heads) + "); nothing was changed")
        .WithHint("run the command again to see the new plan");
  }
  if (request.backup) REV_RETURN_IF_ERROR(Backup(context, *session, watcher.flag()));
  REV_RETURN_IF_ERROR(backend.EnsureTables());

  engine::operations::MigrationOptions options = RunOptions(watcher.flag());
  options.single_transaction = request.single_transaction;
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  options.programs = {config->root, &session->url()};
  ProgressPrinter progress(&context.out());
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  const std::string command = engine::DirectionName(plan.direction);
  engine::operations::JournalingObserver journaling(
      settings->journal, engine::operations::NewJournalEntry(session->url(), command),
      !request.single_transaction, &progress);
  engine::operations::MigrationReport report;
  SteadyClock::time_point start = SteadyClock::now();
  watcher.InterruptOnSignal(&backend);
  Status status = engine::operations::RunPlan(backend, graph, plan, options, &journaling, &report);
  watcher.StopInterrupting();
  if (!journaling.problem().empty()) {
    WarnJournalNotWritten(context.out(), journaling.problem());
  } else if (request.single_transaction && report.steps_applied > 0) {
    session->Journal(context.out(), command,
                     report.heads);  // the steps commit together, at the end
  }
  Report(context, plan, progress, report, status,
         std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start));
  return status;
}

// The first look: read-only, no lock. Returns the plan when the database is ready for it
// (an empty plan: nothing to do), nullopt when it is not (decided again under the lock).
Result<std::optional<Plan>> FirstLook(Context& context, const RevisionGraph& graph,
                                      const engine::Target& target, const OnlineRequest& request,
                                      std::string* where) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  *where = session->url().Redacted();
  REV_ASSIGN_OR_RETURN(DatabaseState state,
                       engine::operations::ReadDatabaseState(session->backend(), graph));
  Status ready = engine::operations::CheckReadyToChange(state, graph, request.ignore_checksums);
  if (request.dry_run) REV_RETURN_IF_ERROR(ready);
  if (!ready.ok()) return std::optional<Plan>();
  REV_ASSIGN_OR_RETURN(Plan plan, PlanFrom(graph, state, target, request.direction));
  return std::optional<Plan>(std::move(plan));
}

}  // namespace

void AddPlanCommandFlags(CLI::App* command, PlanCommandOptions* options) {
  command->add_flag("--sql", options->sql, "print the SQL script; open no database");
  command->add_flag("--dry-run", options->dry_run, "read the database and print the plan");
  command->add_flag("--single-transaction", options->single_transaction,
                    "run the whole plan in one transaction");
  command->add_flag("--ignore-checksums", options->ignore_checksums,
                    "go ahead although applied revision files changed");
}

Result<OnlineRequest> MakeOnlineRequest(engine::Direction direction,
                                        const engine::TargetOrRange& target,
                                        const PlanCommandOptions& options) {
  const auto* single = std::get_if<engine::Target>(&target);
  if (single == nullptr) {
    return Status::InvalidInput(
               "START:TARGET is for --sql; with a database, rev starts from "
               "the database's own heads")
        .WithHint("name only the target, e.g. `rev " +
                  std::string(engine::DirectionName(direction)) +
                  " head`, or add --sql to print the script of a range");
  }
  OnlineRequest request;
  request.direction = direction;
  request.target = *single;
  request.dry_run = options.dry_run;
  request.single_transaction = options.single_transaction;
  request.ignore_checksums = options.ignore_checksums;
  return request;
}

Status RunOnlinePlan(Context& context, const OnlineRequest& request) {
  const engine::Target& target = request.target;
  // Settings first: a bad --lock-timeout or URL is refused before anything is opened.
  REV_RETURN_IF_ERROR(context.Settings().status());
  REV_ASSIGN_OR_RETURN(const RevisionGraph* graph, context.Graph());
  std::string where;
  REV_ASSIGN_OR_RETURN(std::optional<Plan> plan,
                       FirstLook(context, *graph, target, request, &where));
  if (request.dry_run) return PrintDryRun(context, *graph, *plan, where);
  if (plan && plan->empty()) return NothingToDo(context, *plan);
  std::optional<Plan> confirmed;
  if (plan) {
    REV_ASSIGN_OR_RETURN(bool asked, AskFirst(context, *graph, *plan, where));
    if (asked) confirmed = std::move(plan);
  }
  return RunLocked(context, *graph, target, request, confirmed);
}

}  // namespace rev::cli
