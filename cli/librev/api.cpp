// The C ABI of rev.h: checks what the caller passed, then hands the work to the same
// command line the `rev` executable runs (command_run.h, startup.h). Nothing here throws
// across the ABI: every entry point catches.
#include <cmath>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cli/exit_code.h"
#include "cli/librev/command_run.h"
#include "cli/librev/project_state.h"
#include "cli/librev/rev.h"
#include "cli/librev/startup.h"
#include "cli/output.h"
#include "revisions/project_config.h"

namespace {

namespace fs = std::filesystem;
using rev::librev::Call;
using rev::librev::ProjectState;

std::optional<std::string> Given(const char* text) {
  if (text == nullptr || *text == '\0') return std::nullopt;
  return std::string(text);
}

// rev.yaml as the handle keeps it: absolute, so a later change of the working folder
// does not move the project. Fails as LoadProjectConfig, with file:line and a hint.
rev::Result<fs::path> FindConfig(const std::optional<std::string>& given) {
  fs::path file;
  if (!given) {
    REV_ASSIGN_OR_RETURN(file, rev::revisions::FindProjectConfig(fs::current_path()));
  } else {
    file = fs::absolute(*given);
    std::error_code error;
    if (fs::is_directory(file, error)) file /= "rev.yaml";
    if (!fs::exists(file, error)) {
      return rev::Status::InvalidInput("no rev.yaml at " + file.string())
          .WithHint("pass the path of rev.yaml or of the folder holding it (`rev init` makes one)");
    }
  }
  REV_RETURN_IF_ERROR(rev::revisions::LoadProjectConfig(file).status());
  return file.lexically_normal();
}

// `status` as rev prints it (the one renderer: cli/output), into the state's error.
void KeepError(ProjectState& state, const rev::Status& status) {
  rev::librev::CallSink sink(state.callbacks);
  rev::cli::Output output({/*json=*/true, false, false, true, &sink});
  output.Error(status);
  output.Finish();
  state.error = sink.errors();
  state.result = sink.document();
}

int Open(const rev_open_options* options, rev_project** project) {
  auto state = std::make_shared<ProjectState>();
  rev_open_options none{nullptr, nullptr, nullptr};
  const rev_open_options& given = options != nullptr ? *options : none;
  state->database = Given(given.database);
  state->environment = Given(given.environment);
  rev::Result<fs::path> config = FindConfig(Given(given.config));
  if (config.ok()) state->config = config->string();
  if (!config.ok()) KeepError(*state, config.status());
  *project = rev::librev::Register(state);
  return config.ok() ? REV_OK : rev::cli::ExitCodeFor(config.status().code());
}

// Runs `body` as one call on `project`: refuses what cannot be used, and turns anything
// thrown (memory ran out) into REV_FAILED with a message.
using Body = std::function<int(ProjectState&)>;

int Guarded(rev_project* project, const Body& body) {
  try {
    Call call(project);
    if (call.code() != REV_OK) return call.code();
    try {
      return body(call.state());
    } catch (const std::exception& error) {
      call.state().error = std::string("rev: error: ") + error.what();
      return REV_FAILED;
    }
  } catch (...) {
    return REV_FAILED;
  }
}

int Unusable(ProjectState& state, const char* what) {
  state.result.clear();
  state.error = std::string("rev: error: ") + what;
  return REV_INVALID;
}

// Guarded, for a call that needs the project: refused when rev_open failed.
int OnProject(rev_project* project, const Body& body) {
  return Guarded(project, [&](ProjectState& state) -> int {
    if (state.config.empty()) return Unusable(state, "the project did not open (see rev_open)");
    return body(state);
  });
}

}  // namespace

extern "C" {

int rev_open(const rev_open_options* options, rev_project** project) {
  if (project == nullptr) return REV_INVALID;
  *project = nullptr;
  try {
    return Open(options, project);
  } catch (...) {  // memory ran out
    return REV_FAILED;
  }
}

void rev_close(rev_project* project) {
  try {
    rev::librev::Unregister(project);
  } catch (...) {  // nothing to report it to; the handle stays registered
  }
}

int rev_set_log_callback(rev_project* project, rev_log_callback callback, void* user_data) {
  return Guarded(project, [&](ProjectState& state) -> int {
    state.callbacks.log = callback;
    state.callbacks.log_data = user_data;
    return REV_OK;
  });
}

int rev_set_progress_callback(rev_project* project, rev_progress_callback callback,
                              void* user_data) {
  return Guarded(project, [&](ProjectState& state) -> int {
    state.callbacks.progress = callback;
    state.callbacks.progress_data = user_data;
    return REV_OK;
  });
}

int rev_set_lock_policy(rev_project* project, rev_lock_policy policy, double seconds) {
  return Guarded(project, [&](ProjectState& state) -> int {
    if (policy != REV_LOCK_WAIT && policy != REV_LOCK_SKIP) {
      return Unusable(state, "unknown lock policy (REV_LOCK_WAIT or REV_LOCK_SKIP)");
    }
    if (std::isnan(seconds) || std::isinf(seconds)) {
      return Unusable(state, "the lock wait must be a number of seconds (< 0: the default)");
    }
    state.lock_policy = policy;
    state.lock_seconds = seconds < 0 ? std::nullopt : std::optional<double>(seconds);
    return REV_OK;
  });
}

int rev_upgrade(rev_project* project, const char* target) {
  return OnProject(project, [&](ProjectState& state) -> int {
    return rev::librev::Migrate(state, "upgrade", target != nullptr ? target : "head");
  });
}

int rev_downgrade(rev_project* project, const char* target) {
  return OnProject(project, [&](ProjectState& state) -> int {
    if (target == nullptr) {
      return Unusable(state, "rev_downgrade needs a target (a revision, \"base\", \"-1\")");
    }
    return rev::librev::Migrate(state, "downgrade", target);
  });
}

int rev_current(rev_project* project) {
  return OnProject(project, [&](ProjectState& state) -> int {
    return rev::librev::RunCommand(state, {"current"});
  });
}

int rev_status(rev_project* project) {
  return OnProject(project, [&](ProjectState& state) -> int {
    return rev::librev::RunCommand(state, {"status"});
  });
}

int rev_validate(rev_project* project) {
  return OnProject(project, [&](ProjectState& state) -> int {
    return rev::librev::RunCommand(state, {"validate"});
  });
}

int rev_pending(rev_project* project, int* pending) {
  return OnProject(project, [&](ProjectState& state) -> int {
    if (pending == nullptr) return Unusable(state, "rev_pending needs somewhere to answer (NULL)");
    bool any = false;
    int code = rev::librev::Pending(state, &any);
    *pending = any ? 1 : 0;
    return code;
  });
}

const char* rev_result(const rev_project* project) {
  std::shared_ptr<ProjectState> state = rev::librev::Find(project);
  return state ? state->result.c_str() : "";
}

const char* rev_error(const rev_project* project) {
  if (project == nullptr) return rev::librev::kNullHandle;
  std::shared_ptr<ProjectState> state = rev::librev::Find(project);
  return state ? state->error.c_str() : rev::librev::kClosedHandle;
}

const char* rev_version(void) { return REV_VERSION; }

}  // extern "C"
