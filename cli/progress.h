// Progress of a run: one line per step with its duration and ✓, ✗ or ⚠ (rolled back by
// Ctrl-C), never in JSON mode or with --quiet. On a terminal the running step's line is
// drawn first and redrawn when it ends. The outcomes are kept for the run's report.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/output.h"
#include "cli/run_report.h"
#include "engine/operations/migrator.h"

namespace rev::cli {

// "upgrade a1 -> b2, add users" (or "downgrade b2 -> a1, ..."; "<base>" for none): one
// step as a person reads it, in Alembic's words.
std::string StepText(const engine::Step& step, const revisions::Revision& revision);

// "12 ms", "3.4 s", "2 min 5 s".
std::string FormatDuration(std::chrono::milliseconds duration);

class ProgressPrinter final : public engine::operations::MigrationObserver {
 public:
  enum class Lines {
    kWhenWatched,  // on a terminal or with --verbose (upgrade, downgrade)
    kAlways,       // a restore or replay, which a person confirmed step by step
  };
  // REQUIRES: `out` outlives the printer.
  explicit ProgressPrinter(Output* out, Lines lines = Lines::kWhenWatched);

  // A line for something that is not a step (a restore): `text` while it runs, then
  // `mark` and `text` once it ended.
  void LineStarting(const std::string& text);
  void LineFinished(const std::string& mark, const std::string& text);

  void StepStarting(const engine::Step& step, const revisions::Revision& revision) override;
  void StepFinished(const engine::Step& step, const revisions::Revision& revision,
                    engine::backends::StepStatus status, std::chrono::milliseconds duration,
                    const Status& error) override;
  // Each line on stderr (Output::ProgramLine), after ending a running step's line.
  void ProgramOutput(const engine::Step& step, const revisions::Revision& revision,
                     bool from_stderr, const std::string& line) override;

  // Every step that finished, in order.
  const std::vector<StepOutcome>& outcomes() const { return outcomes_; }

 private:
  Output* out_;
  bool draw_;             // print progress at all
  bool terminal_;         // redraw the line of the running step
  bool partial_ = false;  // a running line is drawn and not ended yet
  std::vector<StepOutcome> outcomes_;
};

}  // namespace rev::cli
