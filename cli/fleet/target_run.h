// One target's own run: the same rev binary as a child process, given the target's URL
// through REV_DATABASE_URL (never its command line, which every user can read) and asked
// for --json, so each target has its own lock, journal entry and history, exactly as if
// `rev upgrade` had been run against it alone. A fleet killed and resumed therefore runs
// nothing twice: the resumed target's run starts from what its database records.
//
// The child dies with the fleet: REV_FLEET_PARENT asks it to take SIGTERM when its parent
// goes (ArrangeToDieWithFleet), which stops its running step the way Ctrl-C does.
#pragma once

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/fleet/outcome.h"
#include "cli/fleet/targets.h"

namespace rev::cli {

enum class FleetCommand { kUpgrade, kDowngrade, kStatus };

const char* FleetCommandName(FleetCommand command);  // "upgrade", "downgrade", "status"

// How every target's run is started: the binary and the arguments after it, the same for
// each (the URL alone differs, and it goes in the environment).
struct TargetRunSpec {
  std::filesystem::path binary;   // this rev (/proc/self/exe)
  std::vector<std::string> args;  // e.g. -c rev.yaml upgrade head --json --lock-timeout 60
};

// Runs `target`'s run (an upgrade or a downgrade) and reads what it came to. Never fails: a run
// that cannot start or says nothing readable is a kFailed outcome naming why. When `*interrupted`
// becomes true the run is sent SIGINT (its step rolls back) and the outcome is kInterrupted.
TargetOutcome RunTarget(const FleetTarget& target, const TargetRunSpec& spec,
                        const std::atomic<bool>* interrupted);

// For a rev started by a fleet (REV_FLEET_PARENT set): asks for SIGTERM when the fleet
// process ends, and takes it at once if the fleet is already gone. Call first in main.
void ArrangeToDieWithFleet();

}  // namespace rev::cli
