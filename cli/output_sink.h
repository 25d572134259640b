// OutputSink: where a run's output goes when rev runs inside another program (librev)
// instead of on a terminal: no stdout, no stderr, no colour, no prompts.
//
// Output (cli/output.h) stays the one renderer: with a sink it hands the sink the same
// lines it would have printed, the JSON document, and an event per step of a migration.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace rev::cli {

// One step of a migration starting or ending, for a progress callback.
struct StepProgress {
  std::string revision;   // the revision's id
  std::string direction;  // "upgrade" or "downgrade"
  std::string status;     // "running" while it runs; then "applied", "failed", "rolled_back"
  int64_t duration_ms = 0;
  std::string text;  // "upgrade a1 -> b2, add users": the line the CLI draws
};

class OutputSink {
 public:
  enum class Level { kError, kWarning, kInfo };

  virtual ~OutputSink() = default;
  // A line a person would have read: an error (and its hint), a warning, commentary.
  virtual void Line(Level level, const std::string& text) = 0;
  // The command's result: the document `--json` prints. At most once per run.
  virtual void Document(const nlohmann::json& document) = 0;
  virtual void Step(const StepProgress& progress) = 0;
};

}  // namespace rev::cli
