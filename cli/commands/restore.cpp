#include "cli/commands/restore.h"

#include "cli/database_session.h"
#include "cli/replay_run.h"
#include "cli/signal_watcher.h"
#include "engine/operations/journal.h"

namespace rev::cli {

void RegisterRestore(CLI::App& app, Action* action) {
  auto options = std::make_shared<RestoreOptions>();
  CLI::App* command = app.add_subcommand(
      "restore", "Restore a backup, then replay what the database had applied before");
  command->add_option("file", options->file, "the backup file (its manifest is FILE.yaml)")
      ->required();
  AddReplayTargetOption(command, &options->to);
  BindAction(command, options, RunRestore, action);
}

Status RunRestore(const RestoreOptions& options, Context& context) {
  SignalWatcher watcher;  // until the run starts, Ctrl-C ends rev at once: nothing changed yet
  REV_ASSIGN_OR_RETURN(engine::operations::ReplayRequest request,
                       NewReplayRequest(context, options.file, options.to, watcher));
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(const engine::backends::DatabaseUrl* url, ConfiguredDatabase(context));
  // The backup first, before the database is opened: a refused backup creates nothing.
  REV_ASSIGN_OR_RETURN(request.verified, engine::operations::VerifyBackup(
                                             request.backup, url->kind(), watcher.flag()));
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true));
  REV_ASSIGN_OR_RETURN(
      std::unique_ptr<engine::operations::ReplayJob> job,
      engine::operations::ReplayJob::PrepareRestore(session->backend(), session->url(),
                                                    session->options(), *graph, request));
  return ConfirmAndRun(context, *session, watcher, *job);
}

}  // namespace rev::cli
