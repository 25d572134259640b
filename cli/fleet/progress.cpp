#include "cli/fleet/progress.h"

#include <cstdio>

#include "cli/fleet/summary.h"
#include "cli/progress.h"

namespace rev::cli {

FleetProgress::FleetProgress(Output* out, ReportWriter* report, size_t total)
    : out_(out),
      report_(report),
      draw_(out->stdout_is_terminal() && !out->json() && !out->quiet()),
      total_(total) {}

void FleetProgress::TargetStarted(size_t /*index*/) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++running_;
}

void FleetProgress::TargetFinished(size_t /*index*/, const TargetOutcome& outcome) {
  if (report_ != nullptr && !report_->Append(outcome)) report_failed_ = true;
  std::lock_guard<std::mutex> lock(mutex_);
  --running_;
  ++finished_;
  if (IsProblem(outcome.state)) ++failed_;
}

std::string FleetProgress::Line() const {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double rate = seconds > 0 ? static_cast<double>(finished_) / seconds : 0;
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f/s", rate);
  std::string line = "fleet: " + std::to_string(finished_ - failed_) + "/" +
                     std::to_string(total_) + " done, " + std::to_string(failed_) + " failed, " +
                     std::to_string(running_) + " running, " + rate_text;
  if (rate > 0 && finished_ < total_) {
    auto left = std::chrono::milliseconds(
        static_cast<int64_t>(1000.0 * static_cast<double>(total_ - finished_) / rate));
    line += ", eta " + FormatDuration(left);
  }
  return line;
}

void FleetProgress::Draw() {
  if (!draw_) return;
  std::string line;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    line = Line();
  }
  out_->Partial("\r\033[K" + line);
  drawn_ = true;
}

void FleetProgress::Clear() {
  if (!drawn_) return;
  out_->Partial("\r\033[K");
  drawn_ = false;
}

}  // namespace rev::cli
