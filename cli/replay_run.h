// What `rev restore` and `rev replay` share: --to, showing the preview, asking once, and
// running the job with a line per step and one report (run_report.h).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/context.h"
#include "cli/database_session.h"
#include "cli/signal_watcher.h"
#include "engine/operations/replay.h"

namespace rev::cli {

// The --to option both commands take, and its help.
void AddReplayTargetOption(CLI::App* command, std::string* to);

// --to's text as a value. Fails with kInvalidInput as engine::ParseTarget does (the hint
// adds pre-restore and none).
Result<engine::operations::ReplayTarget> ParseReplayTarget(const std::string& text);

// What `rev restore FILE` and `rev replay FILE` ask for: the backup at `file` (from the
// working folder), the replay's end from --to's text `to`, the settings' journal and lock
// timeout, and `watcher`'s interrupt flag. Fails as Context::Settings and ParseReplayTarget.
Result<engine::operations::ReplayRequest> NewReplayRequest(Context& context,
                                                           const std::string& file,
                                                           const std::string& to,
                                                           const SignalWatcher& watcher);

// Shows `job`'s preview (what will be restored, from where to where, the steps, the notes
// as ⚠ lines), asks once (for a restore, warning that rows written after the backup was
// taken, at the manifest's created_at, will be lost), then runs it with a ✓ / ✗ / ⚠ line per step
// and ends with "Replayed k/n" (a JSON document in JSON mode). Ctrl-C from the start of the run
// stops the restore or the running step (exit 130); before it, it ends rev at once. REQUIRES: `job`
// was prepared on `session`'s backend.
Status ConfirmAndRun(Context& context, DatabaseSession& session, SignalWatcher& watcher,
                     engine::operations::ReplayJob& job);

}  // namespace rev::cli
