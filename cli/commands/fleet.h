// `rev fleet upgrade [TARGET]`, `rev fleet downgrade TARGET`, `rev fleet status`: the same
// command over every database of the fleet (rev.yaml's `fleet:` or --targets FILE), each
// target its own run with its own lock, journal and history (cli/fleet/target_run.h),
// --parallel at once, the canaries first, a report written as targets finish.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/fleet/target_run.h"

namespace rev::cli {

struct FleetOptions {
  FleetCommand command = FleetCommand::kUpgrade;
  std::string target;             // the revision target: head for upgrade, required for downgrade
  std::string targets_file;       // --targets FILE, over rev.yaml's fleet:
  size_t parallel = 0;            // --parallel N; 0: the number of cores
  std::string on_error = "stop";  // --on-error stop|continue
  size_t canary = 0;              // --canary K
  std::string report;             // --report FILE; default .rev/fleet-<UTC time>.jsonl
  std::string resume;             // --resume REPORT
  bool exit_code = false;         // status --exit-code
};

void RegisterFleet(CLI::App& app, GlobalOptions* globals, Action* action);

// Runs the fleet and prints its table (or JSON document). Fails with kInvalidInput (exit 2)
// before any target runs for a bad fleet (targets.h), a bad revision target, --database,
// or a --resume report of another command or target. Then: kFailed naming the failed (or,
// for status, dirty or unreadable) targets, exit 1; else kLockTimeout naming the locked
// ones, exit 3; else kInterrupted, exit 130; else ok.
Status RunFleet(const FleetOptions& options, Context& context);

}  // namespace rev::cli
