#include "cli/commands/repair.h"

#include "cli/confirm.h"
#include "cli/database_session.h"
#include "cli/run_report.h"
#include "cli/signal_watcher.h"
#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"

namespace rev::cli {
namespace {

using engine::operations::DatabaseState;

// What Repair will do with `state`, one line each; empty when nothing.
std::vector<std::string> Actions(const DatabaseState& state, const engine::RevisionGraph& graph) {
  std::vector<std::string> actions;
  for (const engine::operations::Drift& drift : engine::operations::FindDrift(state, graph)) {
    actions.push_back(drift.path.empty()
                          ? "  forget applied revision " + drift.revision + ": its file is gone"
                          : "  re-sign the checksum of " + drift.revision +
                                " to its file as it "
                                "is now (" +
                                drift.path + ")");
  }
  if (state.dirty) {
    actions.push_back("  clear the dirty state left by the " + state.dirty->direction + " of " +
                      state.dirty->revision + " (" +
                      engine::backends::StepStatusName(state.dirty->status) + " at " +
                      state.dirty->started_at + "); no SQL runs and the version table stays");
  } else if (state.last_failure) {
    actions.push_back("  clear the record of the failed " + state.last_failure->direction + " of " +
                      state.last_failure->revision + " (" + state.last_failure->started_at + ")");
  }
  return actions;
}

// A repair that found nothing to do: a run of no steps.
Status NothingToRepair(Context& context, const DatabaseState& state, const std::string& summary) {
  RunReport report;
  report.command = "repair";
  report.from = state.heads;
  report.heads = state.heads;
  report.summary = summary;
  PrintRunReport(context.out(), report, Status::Ok());
  return Status::Ok();
}

}  // namespace

void RegisterRepair(CLI::App& app, Action* action) {
  auto options = std::make_shared<RepairOptions>();
  CLI::App* command = app.add_subcommand(
      "repair", "Accept edited applied revisions and clear a dirty or failed state");
  command->add_flag("--release-lock", options->release_lock,
                    "release a lease lock whose run is gone (PostgreSQL), and nothing else");
  BindAction(command, options, RunRepair, action);
}

Status RunRepair(const RepairOptions& options, Context& context) {
  if (options.release_lock) return RunReleaseLock(context);
  // Settings first: a bad --lock-timeout or URL is refused before anything is opened.
  REV_RETURN_IF_ERROR(context.Settings().status());
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  {
    // A first look without the lock or a writable connection: usually there is nothing to do.
    REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> reader,
                         DatabaseSession::Open(context, /*writable=*/false));
    REV_ASSIGN_OR_RETURN(DatabaseState state,
                         engine::operations::ReadDatabaseState(reader->backend(), *graph));
    if (Actions(state, *graph).empty()) {
      return NothingToRepair(context, state,
                             "Nothing to repair: every applied revision matches its file and no "
                             "step is dirty or failed.");
    }
  }
  SignalWatcher watcher;  // Ctrl-C ends the run; the repair's transaction then rolls back
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true, /*quietly=*/true));
  REV_RETURN_IF_ERROR(session->Lock(*graph));
  REV_ASSIGN_OR_RETURN(DatabaseState state,
                       engine::operations::ReadDatabaseState(session->backend(), *graph));
  std::vector<std::string> actions = Actions(state, *graph);
  if (actions.empty()) {
    return NothingToRepair(context, state, "Nothing to repair any more: another rev settled it.");
  }
  std::vector<std::string> lines = {"rev repair will, on " + session->url().Redacted() + ":"};
  lines.insert(lines.end(), actions.begin(), actions.end());
  if (context.options().yes) {
    for (const std::string& line : lines) context.out().Note(line);
  }
  REV_RETURN_IF_ERROR(Confirm(context, lines, "Repair " + session->url().Redacted()));
  engine::backends::HistoryRow recorded;
  REV_RETURN_IF_ERROR(
      engine::operations::Repair(session->backend(), *graph, RunOptions(nullptr), &recorded));
  session->Journal(context.out(), "repair", recorded.to_heads);
  RunReport report;
  report.command = "repair";
  report.from = recorded.from_heads;
  report.heads = recorded.to_heads;
  report.steps = {OutcomeOf(recorded)};
  report.summary = "Repaired: " + std::to_string(actions.size()) + " change" +
                   (actions.size() == 1 ? "" : "s") + " recorded.";
  PrintRunReport(context.out(), report, Status::Ok());
  return Status::Ok();
}

}  // namespace rev::cli
