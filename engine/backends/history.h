// The history table's rows: one per step, append-only (SPEC §4), and what rev reads back.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "revisions/result.h"
#include "revisions/revision_id.h"

namespace rev::engine::backends {

// How a step ended. `started` is written (and committed) before a non-transactional step
// runs; a `started` row that never got an outcome means the process died mid-step.
enum class StepStatus { kStarted, kApplied, kFailed, kRolledBack, kStamped, kRepaired };

const char* StepStatusName(StepStatus status);  // "started", "applied", ...
std::optional<StepStatus> ParseStepStatus(const std::string& name);

struct HistoryRow {
  int64_t id = 0;         // assigned by the database
  std::string revision;   // empty for a stamp or repair that concerns no one revision
  std::string direction;  // "upgrade", "downgrade", "stamp", "repair"
  revisions::RevisionIds from_heads;
  revisions::RevisionIds to_heads;
  std::string checksum;  // of the revision file at the time; may be empty
  StepStatus status = StepStatus::kApplied;
  bool transactional = true;
  std::string started_at;   // ISO 8601 UTC with milliseconds
  std::string finished_at;  // empty while started
  int64_t duration_ms = 0;
  std::string error;  // the database's message for failed steps
  std::string rev_version;
  std::string run_by;  // user@host
};

// How from_heads / to_heads are stored in one text column: the ids joined by ',' in the
// order given ("" for none; an id never holds a ','). SplitHeads reads it back, failing
// with kDatabase naming history row `row_id` when a part is not a revision id.
std::string JoinHeads(const revisions::RevisionIds& heads);
Result<revisions::RevisionIds> SplitHeads(const std::string& text, int64_t row_id);

// A row of the version table `table` read back. Fails with kRefused when it is not a
// revision id (the table was edited by hand): nothing can be planned from it, and
// `rev stamp --purge` is the way out.
Result<revisions::RevisionId> ParseVersionRow(const std::string& text, const std::string& table);

// `time` in the form of started_at, finished_at and applied_at: ISO 8601 UTC with
// milliseconds, e.g. 2026-11-22T10:04:00.123Z (sorts as text in time order).
std::string FormatTimestamp(std::chrono::system_clock::time_point time);

}  // namespace rev::engine::backends
