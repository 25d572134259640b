#include "cli/commands/replay.h"

#include "cli/database_session.h"
#include "cli/replay_run.h"
#include "cli/signal_watcher.h"

namespace rev::cli {

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
  SignalWatcher watcher;
  REV_ASSIGN_OR_RETURN(engine::operations::ReplayRequest request,
                       NewReplayRequest(context, options.file, options.to, watcher));
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true));
  REV_ASSIGN_OR_RETURN(
      std::unique_ptr<engine::operations::ReplayJob> job,
      engine::operations::ReplayJob::PrepareReplay(session->backend(), session->url(),
                                                   session->options(), *graph, request));
  return ConfirmAndRun(context, *session, watcher, *job);
}

}  // namespace rev::cli
