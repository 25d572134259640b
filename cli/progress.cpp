#include "cli/progress.h"

#include <cstdio>

#include "cli/revision_view.h"
#include "engine/backends/history.h"
#include "revisions/join.h"

namespace rev::cli {

std::string StepText(const engine::Step& step, const revisions::Revision& revision) {
  std::string below = revision.is_base() ? "<base>" : revisions::Join(revision.down_revisions());
  std::string id = revision.id().str();
  bool up = step.direction == engine::Direction::kUpgrade;
  return std::string(engine::DirectionName(step.direction)) + " " + (up ? below : id) + " -> " +
         (up ? id : below) + ", " + revision.message();
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  int64_t ms = duration.count();
  char text[48];
  if (ms < 1000) {
    std::snprintf(text, sizeof text, "%lld ms", static_cast<long long>(ms));
  } else if (ms < 60000) {
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(ms) / 1000);
  } else {
    std::snprintf(text, sizeof text, "%lld min %lld s", static_cast<long long>(ms / 60000),
                  static_cast<long long>(ms % 60000 / 1000));
  }
  return text;
}

ProgressPrinter::ProgressPrinter(Output* out, Lines lines)
    : out_(out),
      draw_(!out->json() && !out->quiet() &&
            (lines == Lines::kAlways || out->stdout_is_terminal() || out->verbose())),
      terminal_(out->stdout_is_terminal()) {}

void ProgressPrinter::LineStarting(const std::string& text) {
  if (!draw_ || !terminal_) return;
  out_->Partial("  \u2026 " + text);
  partial_ = true;
}

void ProgressPrinter::LineFinished(const std::string& mark, const std::string& text) {
  if (!draw_) return;
  out_->Print(std::string(partial_ ? "\r\033[K" : "") + "  " + mark + " " + text);
  partial_ = false;
}

void ProgressPrinter::StepStarting(const engine::Step& step, const revisions::Revision& revision) {
  out_->Step({revision.id().str(), engine::DirectionName(step.direction), "running", 0,
              StepText(step, revision)});
  LineStarting(StepText(step, revision));
}

void ProgressPrinter::StepFinished(const engine::Step& step, const revisions::Revision& revision,
                                   engine::backends::StepStatus status,
                                   std::chrono::milliseconds duration, const Status& error) {
  outcomes_.push_back(OutcomeOf(step, status, duration));
  out_->Step({revision.id().str(), engine::DirectionName(step.direction),
              engine::backends::StepStatusName(status), duration.count(),
              StepText(step, revision)});
  const bool rolled_back = status == engine::backends::StepStatus::kRolledBack;
  const bool ok = error.ok() && status == engine::backends::StepStatus::kApplied;
  LineFinished(rolled_back ? "\u26a0" : out_->Mark(ok), StepText(step, revision) + " (" +
                                                            FormatDuration(duration) + ")" +
                                                            (rolled_back ? " rolled back" : ""));
}

void ProgressPrinter::ProgramOutput(const engine::Step& /*step*/,
                                    const revisions::Revision& /*revision*/, bool /*from_stderr*/,
                                    const std::string& line) {
  if (partial_) {  // the step's line ends here; its outcome gets a line of its own
    out_->Print("");
    partial_ = false;
  }
  out_->ProgramLine(line);
}

}  // namespace rev::cli
