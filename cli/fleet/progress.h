// The fleet's live line on a terminal — "fleet: 120/1000 done, 2 failed, 8 running,
// 35.1/s, eta 25 s" — redrawn in place, and nothing of it when stdout is not a terminal,
// with --json or --quiet. It also writes each finished target to the report as it comes.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "cli/fleet/report.h"
#include "cli/fleet/runner.h"
#include "cli/output.h"

namespace rev::cli {

class FleetProgress final : public FleetObserver {
 public:
  // `report` may be null (status writes none). REQUIRES: `out` and `report` outlive this.
  FleetProgress(Output* out, ReportWriter* report, size_t total);

  void TargetStarted(size_t index) override;
  void TargetFinished(size_t index, const TargetOutcome& outcome) override;

  // Redraws the line (on the calling thread, the one that prints). No-op when not drawn.
  void Draw();
  // Clears the line before the table is printed.
  void Clear();
  // Whether a report line could not be written (warned once by the caller).
  bool report_failed() const { return report_failed_; }

 private:
  std::string Line() const;

  Output* out_;
  ReportWriter* report_;
  bool draw_;
  bool drawn_ = false;
  std::mutex mutex_;
  size_t total_;
  size_t finished_ = 0;
  size_t failed_ = 0;
  size_t running_ = 0;
  bool report_failed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace rev::cli
