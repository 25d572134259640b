// A run (upgrade, downgrade, replay, restore, stamp, repair) as one value, and the one place
// it is rendered. While it runs, ProgressPrinter (progress.h) draws a line per step; at the
// end PrintRunReport prints the closing line, or in JSON mode one document of one shape
// for every kind of run:
//
//   {"command": "upgrade",
//    "steps": [{"revision", "direction", "from", "to", "status", "duration_ms"}],
//    "from": [heads before], "heads": [heads after],
//    "error": {"code", "message", "file", "line", "hint"}   only when the run failed
//    ...and the command's own fields ("applied"; a replay's "backup", "target", ...)}
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/output.h"
#include "engine/backends/history.h"
#include "engine/plan.h"

namespace rev::cli {

// One step of a run: a step of a plan, or the one row a stamp or a repair records.
struct StepOutcome {
  std::optional<revisions::RevisionId> revision;  // none: a stamp of several heads, say
  std::string direction;                          // "upgrade", "downgrade", "stamp", "repair"
  engine::RevisionIds from;
  engine::RevisionIds to;
  engine::backends::StepStatus status = engine::backends::StepStatus::kApplied;
  std::chrono::milliseconds duration{0};
};

StepOutcome OutcomeOf(const engine::Step& step, engine::backends::StepStatus status,
                      std::chrono::milliseconds duration);
StepOutcome OutcomeOf(const engine::backends::HistoryRow& row);

struct RunReport {
  std::string command;  // "upgrade", "downgrade", "replay", "restore", "stamp", "repair"
  engine::RevisionIds from;
  engine::RevisionIds heads;
  std::vector<StepOutcome> steps;
  // The closing line in text mode (a note: not with --quiet); empty for none, as when the
  // error already says what stays applied.
  std::string summary;
  nlohmann::json details = nlohmann::json::object();  // the command's own JSON fields
};

// Prints `report` of a run that ended with `status`: the document in JSON mode, else the
// summary. The error itself is the caller's to return (Output prints it).
void PrintRunReport(Output& out, const RunReport& report, const Status& status);

// "1 step", "3 steps".
std::string StepCount(size_t count);

// The warning for a change that was made but that the local journal could not record.
void WarnJournalNotWritten(Output& out, const std::string& problem);

}  // namespace rev::cli
