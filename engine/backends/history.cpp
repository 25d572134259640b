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

std::string JoinHeads(const revisions::RevisionIds& heads) { return revisions::Join(heads, ","); }

Result<revisions::RevisionIds> SplitHeads(const std::string& text, int64_t row_id) {
  revisions::RevisionIds heads;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) {
      std::optional<revisions::RevisionId> head =
          revisions::RevisionId::TryParse(std::string_view(text).substr(start, comma - start));
      if (!head) {
        return Status::Database("history row " + std::to_string(row_id) + " names heads '" + text +
                                "', which are not revision ids");
      }
      heads.push_back(std::move(*head));
    }
    start = comma + 1;
  }
  return heads;
}

Result<revisions::RevisionId> ParseVersionRow(const std::string& text, const std::string& table) {
  Result<revisions::RevisionId> id = revisions::RevisionId::Parse(text);
  if (id.ok()) return id;
  return Status::Refused("the version table " + table + " holds '" + text +
                         "', which is not a revision id: " + id.status().message())
      .WithHint("`rev stamp --purge TARGET` replaces the version table's rows");
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
