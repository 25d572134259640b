// `rev replay FILE [--to ...]` (SPEC §5): the database was restored from FILE by other means
// (a hosting dashboard, pg_restore by hand); replay what it had applied since, as `rev
// restore` does after its own restore. Also what restore and replay share: showing the
// preview, asking once, and running with a line per step.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/database_session.h"
#include "cli/signal_watcher.h"
#include "engine/operations/replay.h"

namespace rev::cli {

struct ReplayOptions {
  std::string file;  // the backup (or its manifest, FILE.yaml)
  std::string to;    // pre-restore (default), none, head, heads, REV
};

void RegisterReplay(CLI::App& app, Action* action);

// Checks that the database's heads are the backup manifest's, plans the replay to the
// journal's last heads for the database (else head), shows the plan, asks once (--yes
// answers) and runs it. Fails as ReplayJob::PrepareReplay and Run; kFailed when not
// confirmed; kInvalidInput without a terminal and --yes.
Status RunReplay(const ReplayOptions& options, Context& context);

// The --to option both commands take, and its help.
void AddReplayTargetOption(CLI::App* command, std::string* to);

// --to's text as a value. Fails with kInvalidInput as engine::ParseTarget does (the hint
// adds pre-restore and none).
Result<engine::operations::ReplayTarget> ParseReplayTarget(const std::string& text);

// Shows `job`'s preview (what will be restored, from where to where, the steps, the notes
// as ⚠ lines), asks once (for a restore, warning that rows written after the backup was
// taken, at the manifest's created_at, will be lost), then runs it with a ✓ / ✗ / ⚠ line per step
// and ends with "Replayed k/n" (a JSON document in JSON mode). Ctrl-C from the start of the run
// stops the restore or the running step (exit 130); before it, it ends rev at once. REQUIRES: `job`
// was prepared on `session`'s backend.
Status ConfirmAndRun(Context& context, DatabaseSession& session, SignalWatcher& watcher,
                     engine::operations::ReplayJob& job);

}  // namespace rev::cli
