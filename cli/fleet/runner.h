// The fleet's scheduler: runs each target (its own run, target_run.h, or a read of its
// status, status_read.h) on up to `parallel`
// worker threads, the canaries first, and stops starting new ones after a failure when
// asked to. The calling thread stays free to draw progress (`tick`).
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "cli/fleet/outcome.h"
#include "cli/fleet/targets.h"

namespace rev::cli {

struct FleetSchedule {
  size_t parallel = 1;        // runs at once, at least 1
  bool stop_on_error = true;  // --on-error stop: no target starts after a failure
  size_t canary = 0;          // the first K targets run before any other; any failure stops
};

// What is done to one target; called on a worker thread.
using TargetWork = std::function<TargetOutcome(const FleetTarget&)>;

// Told of each target from the worker threads; calls are serialised by the runner.
class FleetObserver {
 public:
  virtual ~FleetObserver() = default;
  virtual void TargetStarted(size_t index) = 0;
  virtual void TargetFinished(size_t index, const TargetOutcome& outcome) = 0;
};

// Runs `targets` and returns their outcomes in the same order; a target never started
// (after a failure, a failed canary or an interruption) is kNotRun. `tick` is called on the
// calling thread about five times a second while targets run.
std::vector<TargetOutcome> RunFleetTargets(const std::vector<const FleetTarget*>& targets,
                                           const TargetWork& work, const FleetSchedule& schedule,
                                           const std::atomic<bool>* interrupted,
                                           FleetObserver* observer,
                                           const std::function<void()>& tick);

}  // namespace rev::cli
