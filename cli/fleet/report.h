// The fleet's report file: JSON lines, written as targets finish so that it survives the
// fleet being killed, and read back by --resume.
//
//   {"fleet": {"command": "upgrade", "target": "head", "started_at": "...", "targets": 250}}
//   {"target": "sqlite:///t/1.db", "state": "done", "from": [...], "to": [...],
//    "steps": 3, "duration_ms": 41, "error": null}
//   ...
//
// A line is one write(2) on a file opened O_APPEND: a kill leaves whole lines, at worst a
// last one cut short, which reading skips.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/fleet/outcome.h"
#include "revisions/result.h"

namespace rev::cli {

// The report's first line: which fleet run it records.
struct FleetHeader {
  std::string command;  // "upgrade", "downgrade"
  std::string target;   // the revision target, as given
  std::string started_at;
  size_t targets = 0;
};

nlohmann::json OutcomeJson(const TargetOutcome& outcome);

class ReportWriter {
 public:
  // Opens `file` to append (making its folder). A new or empty file gets `header` first.
  // Fails with kInvalidInput when it cannot be written.
  static Result<std::unique_ptr<ReportWriter>> Open(const std::filesystem::path& file,
                                                    const FleetHeader& header);
  ~ReportWriter();
  ReportWriter(const ReportWriter&) = delete;
  ReportWriter& operator=(const ReportWriter&) = delete;

  // Appends one target's line. Safe from several threads. Returns false when the write
  // failed (the caller warns once).
  bool Append(const TargetOutcome& outcome);

 private:
  explicit ReportWriter(int fd) : fd_(fd) {}
  std::mutex mutex_;
  int fd_;
};

// A report read back: its header and each target's last recorded state.
struct ReadReport {
  FleetHeader header;
  std::map<std::string, TargetOutcome> last;  // by redacted URL
};

// Reads `file`. Fails with kInvalidInput at file:line for a missing file or a line that is
// not a report line (a last line cut short by a kill is skipped).
Result<ReadReport> LoadReport(const std::filesystem::path& file);

// .rev/fleet-<UTC time>.jsonl under `project_root`.
std::filesystem::path DefaultReportPath(const std::filesystem::path& project_root);

}  // namespace rev::cli
