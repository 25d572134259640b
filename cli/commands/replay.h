// `rev replay FILE [--to ...]` (SPEC §5): the database was restored from FILE by other means
// (a hosting dashboard, pg_restore by hand); replay what it had applied since, as `rev
// restore` does after its own restore (what the two share is in cli/replay_run.h).
#pragma once

#include <string>

#include "cli/command.h"

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

}  // namespace rev::cli
