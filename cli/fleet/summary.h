// The end of a fleet run, rendered once: a table of the targets (target redacted, state,
// from → to, steps, time, the error's first line) and a closing line, or in JSON mode one
// document:
//
//   {"command": "upgrade", "target": "head", "report": ".rev/fleet-....jsonl" | null,
//    "counts": {"done": 247, "failed": 3, ...}, "targets": [report lines, in fleet order]}
//
// and the Status the run ends with: ok; kFailed naming the failed targets (exit 1); else
// kLockTimeout naming the locked ones (exit 3); else kInterrupted (exit 130).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/fleet/outcome.h"
#include "cli/output.h"

namespace rev::cli {

struct FleetSummary {
  std::string command;           // "upgrade", "downgrade", "status"
  std::string target;            // the revision target; empty for status
  std::filesystem::path report;  // empty: none written
  std::string report_shown;      // how to show it (relative to the working folder)
  std::vector<TargetOutcome> outcomes;
  std::chrono::milliseconds duration{0};
  bool exit_code_when_pending = false;  // status --exit-code
};

// Prints `summary` and returns the Status the fleet ends with (the caller returns it).
Status PrintFleetSummary(Output& out, const FleetSummary& summary);

// Whether `state` is a problem the summary counts against the run (status's "pending" is
// not; "dirty" is).
bool IsProblem(TargetState state);

}  // namespace rev::cli
