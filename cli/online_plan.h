// What `rev upgrade` and `rev downgrade` without --sql share: plan from the database's own
// heads, then print the plan (--dry-run) or run it under the migration lock.
//
// The flow of a change: a first look, read-only and without the lock (a run with nothing
// to do ends there, having created and written nothing; where the environment says
// `confirm: true`, the person is asked here, so no lock is held while they think); then
// open for writing, take the lock, read the state again, refuse what needs a person
// (CheckReadyToChange), plan, check the plan's sections (a plan that is no longer the one
// confirmed is refused), take the backup if asked, create rev's tables when missing, and
// run the plan step by step with progress, Ctrl-C rolling the running step back.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/context.h"
#include "cli/database_session.h"
#include "engine/plan.h"
#include "engine/target.h"

namespace rev::cli {

// What `rev upgrade` and `rev downgrade` both take from the command line.
struct PlanCommandOptions {
  std::string target;
  bool sql = false;
  bool dry_run = false;
  bool single_transaction = false;
  bool ignore_checksums = false;
};

// Adds --sql, --dry-run, --single-transaction and --ignore-checksums.
void AddPlanCommandFlags(CLI::App* command, PlanCommandOptions* options);

struct OnlineRequest {
  engine::Direction direction = engine::Direction::kUpgrade;
  engine::Target target;
  bool dry_run = false;             // read and print the plan; no lock, no change
  bool single_transaction = false;  // the whole plan in one transaction
  bool ignore_checksums = false;    // go ahead despite drift, this once
  bool backup = false;  // back up under the lock before the first step (not for an empty plan)
};

// Prints the plan (--dry-run: text lines, or PlanJson in JSON mode), "Already at ..." for
// an empty plan, or the run: one progress line per step and a summary, or in JSON mode
// {"steps": [{"revision", "direction", "from", "to", "status", "duration_ms"}], "applied",
// "from", "heads", "error"?}.
// Fails with kInvalidInput for a missing section (CheckPlanSections) or a
// refused confirmation; as the planner for the target; kLockTimeout; kRefused as
// CheckReadyToChange; kFailed when the confirmation is answered no; kConflict when the
// plan changed between the confirmation and the lock; as CreateBackup; and as RunPlan
// (kDatabase at the failing step's file:line, the steps before it staying applied;
// kInterrupted for Ctrl-C).
Status RunOnlinePlan(Context& context, const OnlineRequest& request);

// The request of a run without --sql. Fails with kInvalidInput for a range (START:TARGET is
// for --sql: with a database, rev starts from the database's own heads).
Result<OnlineRequest> MakeOnlineRequest(engine::Direction direction,
                                        const engine::TargetOrRange& target,
                                        const PlanCommandOptions& options);

}  // namespace rev::cli
