// Progress of a run: one line per step with its duration and ✓ or ✗, drawn on a terminal
// (or with --verbose), never in JSON mode or with --quiet. The outcomes are kept for the
// run's report.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/output.h"
#include "engine/operations/migrator.h"

namespace rev::cli {

// "upgrade a1 -> b2, add users" (or "downgrade b2 -> a1, ..."; "<base>" for none): one
// step as a person reads it, in Alembic's words.
std::string StepText(const engine::Step& step, const revisions::Revision& revision);

// "12 ms", "3.4 s", "2 min 5 s".
std::string FormatDuration(std::chrono::milliseconds duration);

struct StepOutcome {
  engine::Step step;
  engine::backends::StepStatus status = engine::backends::StepStatus::kApplied;
  std::chrono::milliseconds duration{0};
};

class ProgressPrinter final : public engine::operations::MigrationObserver {
 public:
  // REQUIRES: `out` outlives the printer.
  explicit ProgressPrinter(Output* out);

  void StepStarting(const engine::Step& step, const revisions::Revision& revision) override;
  void StepFinished(const engine::Step& step, const revisions::Revision& revision,
                    engine::backends::StepStatus status, std::chrono::milliseconds duration,
                    const Status& error) override;

  // Every step that finished, in order.
  const std::vector<StepOutcome>& outcomes() const { return outcomes_; }

 private:
  Output* out_;
  bool draw_;      // print progress at all
  bool terminal_;  // redraw the line of the running step
  std::vector<StepOutcome> outcomes_;
};

}  // namespace rev::cli
