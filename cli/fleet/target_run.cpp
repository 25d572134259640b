#include "cli/fleet/target_run.h"

#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "engine/process/child_process.h"

namespace rev::cli {
namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr const char* kParentVariable = "REV_FLEET_PARENT";

// rev's exit codes (SPEC §3) that are not a plain failure.
constexpr int kLockedExit = 3;
constexpr int kInterruptedExit = 130;
constexpr int kTerminatedExit = 128 + SIGTERM;

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// The error a run reported: its document's, else the last `rev: error:` line on stderr.
std::string ErrorOf(const nlohmann::json& document, const std::string& err) {
  if (document.is_object()) {
    if (document.contains("error") && document["error"].is_object()) {
      return document["error"].value("message", "");
    }
    if (document.contains("errors") && document["errors"].is_array() &&
        !document["errors"].empty()) {
      return document["errors"][0].value("message", "");
    }
  }
  const std::string prefix = "rev: error: ";
  size_t at = err.rfind(prefix);
  if (at != std::string::npos) return FirstLine(err.substr(at + prefix.size()));
  return "";
}

std::vector<std::string> Ids(const nlohmann::json& document, const char* key) {
  if (!document.is_object() || !document.contains(key) || !document[key].is_array()) return {};
  std::vector<std::string> ids;
  for (const nlohmann::json& id : document[key]) {
    if (id.is_string()) ids.push_back(id.get<std::string>());
  }
  return ids;
}

// An upgrade's or downgrade's document: the heads before and after, the steps applied.
void ReadRun(const nlohmann::json& document, TargetOutcome* outcome) {
  outcome->from = Ids(document, "from");
  outcome->to = Ids(document, "heads");
  if (!document.is_object() || !document.contains("steps")) return;
  for (const nlohmann::json& step : document["steps"]) {
    if (step.value("status", "") == "applied") ++outcome->steps;
  }
}

TargetState StateOf(int exit_code, bool interrupted) {
  if (exit_code == 0) return TargetState::kDone;
  if (exit_code == kLockedExit) return TargetState::kLocked;
  if (interrupted || exit_code == kInterruptedExit || exit_code == kTerminatedExit) {
    return TargetState::kInterrupted;
  }
  return TargetState::kFailed;
}

}  // namespace

const char* FleetCommandName(FleetCommand command) {
  switch (command) {
    case FleetCommand::kUpgrade:
      return "upgrade";
    case FleetCommand::kDowngrade:
      return "downgrade";
    case FleetCommand::kStatus:
      return "status";
  }
  return "upgrade";
}

TargetOutcome RunTarget(const FleetTarget& target, const TargetRunSpec& spec,
                        const std::atomic<bool>* interrupted) {
  TargetOutcome outcome;
  outcome.target = target.name();
  engine::process::ChildCommand command;
  command.argv.push_back(spec.binary.string());
  command.argv.insert(command.argv.end(), spec.args.begin(), spec.args.end());
  command.env = engine::process::CurrentEnvironment();
  engine::process::SetVariable(&command.env, "REV_DATABASE_URL", target.text);
  engine::process::SetVariable(&command.env, kParentVariable, std::to_string(::getpid()));
  command.capture_stdout = true;
  SteadyClock::time_point start = SteadyClock::now();
  Result<engine::process::ChildResult> ran = engine::process::RunChild(command, interrupted);
  outcome.duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
  if (!ran.ok()) {
    bool stopped = ran.status().code() == StatusCode::kInterrupted;
    outcome.state = stopped ? TargetState::kInterrupted : TargetState::kFailed;
    outcome.error = target.url.RedactMessage(FirstLine(ran.status().message()));
    return outcome;
  }
  nlohmann::json document = nlohmann::json::parse(ran->out, nullptr, /*allow_exceptions=*/false);
  outcome.state = StateOf(ran->exit_code, interrupted != nullptr && interrupted->load());
  ReadRun(document, &outcome);
  if (ran->exit_code != 0 && outcome.error.empty()) {
    std::string error = ErrorOf(document, ran->err);
    if (error.empty()) error = "rev exited with code " + std::to_string(ran->exit_code);
    outcome.error = target.url.RedactMessage(FirstLine(error));
  }
  return outcome;
}

void ArrangeToDieWithFleet() {
  const char* parent = std::getenv(kParentVariable);
  if (parent == nullptr || *parent == '\0') return;
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  // The fleet may have died before the request was made: then nobody would send it.
  if (std::to_string(::getppid()) != parent) ::raise(SIGTERM);
}

}  // namespace rev::cli
