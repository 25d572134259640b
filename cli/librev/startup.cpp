#include "cli/librev/startup.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/librev/command_run.h"
#include "engine/operations/settings.h"

namespace rev::librev {
namespace {

using Clock = std::chrono::steady_clock;

// --lock-timeout's text: enough digits that the seconds read back unchanged.
std::string SecondsText(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", seconds);
  return text;
}

bool IsHead(const std::string& target) { return target == "head"; }

// REV_LOCK_SKIP: never queue for the lock. Each round either finds the database with
// nothing pending (another process did the work: success), or tries the lock once (it is
// free again: finish the work here), or waits a little, until the deadline.
int MigrateWithoutQueueing(ProjectState& state, const std::string& command,
                           const std::string& target) {
  std::chrono::duration<double> limit =
      state.lock_seconds ? std::chrono::duration<double>(*state.lock_seconds)
                         : std::chrono::duration<double>(engine::operations::kDefaultLockTimeout);
  Clock::time_point deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(limit);
  std::chrono::milliseconds pause(20);
  while (true) {
    int code = RunCommand(state, {command, "--lock-timeout", "0", "--", target});
    if (code != REV_LOCKED || FirstErrorCode(ResultDocument(state)) != "lock-timeout") {
      return code;
    }
    std::string locked_result = state.result;
    std::string locked_error = state.error;
    if (command == "upgrade" && IsHead(target)) {
      bool pending = true;
      int status = Pending(state, &pending);
      if (status != REV_OK || !pending) return status;
    }
    if (Clock::now() >= deadline) {
      state.result = std::move(locked_result);
      state.error = std::move(locked_error);
      return REV_LOCKED;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

}  // namespace

int Migrate(ProjectState& state, const std::string& command, const std::string& target) {
  if (state.lock_policy == REV_LOCK_SKIP) return MigrateWithoutQueueing(state, command, target);
  std::vector<std::string> args = {command};
  if (state.lock_seconds)
    args.insert(args.end(), {"--lock-timeout", SecondsText(*state.lock_seconds)});
  args.insert(args.end(), {"--", target});
  return RunCommand(state, args);
}

int Pending(ProjectState& state, bool* pending) {
  int code = RunCommand(state, {"status"});
  if (code != REV_OK) return code;
  nlohmann::json document = ResultDocument(state);
  auto found = document.is_object() ? document.find("pending") : document.end();
  *pending = found != document.end() && found->is_array() && !found->empty();
  return REV_OK;
}

}  // namespace rev::librev
