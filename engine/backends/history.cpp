#include "engine/backends/history.h"

#include <cstdio>
#include <ctime>

#include "revisions/join.h"

namespace rev::engine::backends {

const char* StepStatusName(StepStatus status) {
  switch (status) {
    case StepStatus::kStarted:
      return "started";
    case StepStatus::kApplied:
      return "applied";
    case StepStatus::kFailed:
      return "failed";
    case StepStatus::kRolledBack:
      return "rolled_back";
    case StepStatus::kStamped:
      return "stamped";
    case StepStatus::kRepaired:
      return "repaired";
  }
  return "unknown";
}

std::optional<StepStatus> ParseStepStatus(const std::string& name) {
  for (StepStatus status : {StepStatus::kStarted, StepStatus::kApplied, StepStatus::kFailed,
                            StepStatus::kRolledBack, StepStatus::kStamped, StepStatus::kRepaired}) {
    if (name == StepStatusName(status)) return status;
  }
  return std::nullopt;
}

std::string JoinHeads(const std::vector<std::string>& heads) { return revisions::Join(heads, ","); }

std::vector<std::string> SplitHeads(const std::string& text) {
  std::vector<std::string> heads;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) heads.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return heads;
}

std::string FormatTimestamp(std::chrono::system_clock::time_point time) {
  auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  std::time_t seconds = static_cast<std::time_t>(since_epoch.count() / 1000);
  int millis = static_cast<int>(since_epoch.count() % 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
  return text;
}

}  // namespace rev::engine::backends
