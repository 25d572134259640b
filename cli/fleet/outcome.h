// What one target of a fleet came to: its own run's result, read from that run's JSON
// document and exit code. Values only; the report file, the table and the JSON document
// are made from these.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace rev::cli {

enum class TargetState {
  kDone,         // upgrade/downgrade: the run ended well (maybe with nothing to do)
  kUpToDate,     // status: at the head, nothing pending
  kPending,      // status: revisions to apply
  kDirty,        // status: a non-transactional step left it for a person
  kFailed,       // the run failed (SQL, conflict, refused, unreadable, ...)
  kLocked,       // another rev held the target's migration lock past --lock-timeout
  kInterrupted,  // the fleet was interrupted while this target ran
  kNotRun,       // never started: an earlier failure stopped the fleet
};

// "done", "up-to-date", "pending", "dirty", "failed", "locked", "interrupted", "not-run".
const char* TargetStateName(TargetState state);
// Whether a report line in `state` means the target needs no new run on --resume.
bool FinishedWell(TargetState state);

struct TargetOutcome {
  std::string target;  // the URL, redacted
  TargetState state = TargetState::kNotRun;
  std::vector<std::string> from;  // heads before (status: current)
  std::vector<std::string> to;    // heads after (status: the files' heads)
  size_t steps = 0;               // steps applied (status: pending revisions)
  std::chrono::milliseconds duration{0};
  std::string error;  // the first line of the error, redacted; empty when none
};

}  // namespace rev::cli
