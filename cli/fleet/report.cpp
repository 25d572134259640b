#include "cli/fleet/report.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "revisions/local_state.h"
#include "revisions/naming.h"

namespace rev::cli {
namespace {

constexpr TargetState kStates[] = {
    TargetState::kDone,   TargetState::kUpToDate, TargetState::kPending,     TargetState::kDirty,
    TargetState::kFailed, TargetState::kLocked,   TargetState::kInterrupted, TargetState::kNotRun,
};

std::optional<TargetState> StateNamed(const std::string& name) {
  for (TargetState state : kStates) {
    if (name == TargetStateName(state)) return state;
  }
  return std::nullopt;
}

Status BadLine(const std::filesystem::path& file, int line, const std::string& why) {
  return Status::InvalidInput("not a fleet report line: " + why)
      .At({file.string(), line, 0})
      .WithHint("pass --resume the .jsonl report a `rev fleet` run wrote");
}

// One target's line read back; throws nlohmann's exceptions on a wrong shape.
TargetOutcome OutcomeFrom(const nlohmann::json& line) {
  TargetOutcome outcome;
  outcome.target = line.at("target").get<std::string>();
  std::optional<TargetState> state = StateNamed(line.at("state").get<std::string>());
  if (!state) throw std::invalid_argument("unknown state " + line.at("state").dump());
  outcome.state = *state;
  outcome.from = line.value("from", std::vector<std::string>());
  outcome.to = line.value("to", std::vector<std::string>());
  outcome.steps = line.value("steps", size_t{0});
  outcome.duration = std::chrono::milliseconds(line.value("duration_ms", int64_t{0}));
  if (line.contains("error") && line["error"].is_string()) outcome.error = line["error"];
  return outcome;
}

}  // namespace

const char* TargetStateName(TargetState state) {
  switch (state) {
    case TargetState::kDone:
      return "done";
    case TargetState::kUpToDate:
      return "up-to-date";
    case TargetState::kPending:
      return "pending";
    case TargetState::kDirty:
      return "dirty";
    case TargetState::kFailed:
      return "failed";
    case TargetState::kLocked:
      return "locked";
    case TargetState::kInterrupted:
      return "interrupted";
    case TargetState::kNotRun:
      return "not-run";
  }
  return "failed";
}

bool FinishedWell(TargetState state) {
  return state == TargetState::kDone || state == TargetState::kUpToDate;
}

nlohmann::json OutcomeJson(const TargetOutcome& outcome) {
  return {{"target", outcome.target},
          {"state", TargetStateName(outcome.state)},
          {"from", outcome.from},
          {"to", outcome.to},
          {"steps", outcome.steps},
          {"duration_ms", outcome.duration.count()},
          {"error", outcome.error.empty() ? nlohmann::json() : nlohmann::json(outcome.error)}};
}

Result<std::unique_ptr<ReportWriter>> ReportWriter::Open(const std::filesystem::path& file,
                                                         const FleetHeader& header) {
  std::error_code error;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
  int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::InvalidInput("cannot write the fleet report " + file.string() + ": " +
                                std::strerror(errno))
        .WithHint("pass --report FILE in a folder you can write");
  }
  std::unique_ptr<ReportWriter> writer(new ReportWriter(fd));
  if (::lseek(fd, 0, SEEK_END) == 0) {
    nlohmann::json first = {{"fleet",
                             {{"command", header.command},
                              {"target", header.target},
                              {"started_at", header.started_at},
                              {"targets", header.targets}}}};
    std::string line = first.dump() + "\n";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
      return Status::InvalidInput("cannot write the fleet report " + file.string());
    }
  }
  return writer;
}

ReportWriter::~ReportWriter() { ::close(fd_); }

bool ReportWriter::Append(const TargetOutcome& outcome) {
  std::string line = OutcomeJson(outcome).dump() + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  return ::write(fd_, line.data(), line.size()) == static_cast<ssize_t>(line.size());
}

Result<ReadReport> LoadReport(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status::InvalidInput("cannot read the fleet report " + file.string())
        .WithHint("pass --resume the report a `rev fleet` run wrote (under .rev/ by default)");
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ReadReport report;
  size_t start = 0;
  for (int number = 1; start < text.size(); ++number) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // cut short by a kill: that target did not finish
    std::string line = text.substr(start, end - start);
    start = end + 1;
    try {
      nlohmann::json parsed = nlohmann::json::parse(line);
      if (number == 1) {
        const nlohmann::json& fleet = parsed.at("fleet");
        report.header = {fleet.at("command"), fleet.at("target"), fleet.value("started_at", ""),
                         fleet.value("targets", size_t{0})};
        continue;
      }
      TargetOutcome outcome = OutcomeFrom(parsed);
      report.last[outcome.target] = std::move(outcome);
    } catch (const std::exception& error) {
      return BadLine(file, number, error.what());
    }
  }
  if (report.header.command.empty()) return BadLine(file, 1, "no `fleet` header");
  return report;
}

std::filesystem::path DefaultReportPath(const std::filesystem::path& project_root) {
  std::string stamp = revisions::FormatUtcTimestamp(std::chrono::system_clock::now());
  std::string compact;
  for (char c : stamp) {
    if (c != '-' && c != ':') compact += c;
  }
  std::filesystem::path folder = revisions::LocalStateFolder(project_root);
  std::filesystem::path file = folder / ("fleet-" + compact + ".jsonl");
  for (int n = 2; std::filesystem::exists(file); ++n) {
    file = folder / ("fleet-" + compact + "-" + std::to_string(n) + ".jsonl");
  }
  return file;
}

}  // namespace rev::cli
