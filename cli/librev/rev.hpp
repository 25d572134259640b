// rev.hpp: the C++ face of librev (rev.h), header-only.
//
//   rev::Project project(rev::Options().Config("rev.yaml"));
//   rev::Outcome outcome = project.Upgrade();         // "head"
//   if (!outcome) std::cerr << outcome.message << "\n";
//
// A Project owns its handle (closed by the destructor; movable, not copyable). Every call
// returns an Outcome: the exit code of the `rev` command line, its JSON document, and the
// error message. Nothing throws: a callback that throws is caught inside the call and
// reported in Outcome::message.
#ifndef REV_HPP
#define REV_HPP

#include <rev.h>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace rev {

struct Outcome {
  int code = REV_OK;    // REV_OK, REV_FAILED, REV_INVALID, REV_LOCKED, REV_REFUSED, ...
  std::string json;     // the command's JSON document, as `rev --json` prints it
  std::string message;  // what went wrong ("" when nothing did)

  bool ok() const { return code == REV_OK; }
  explicit operator bool() const { return ok(); }
};

class Options {
 public:
  // rev.yaml or its folder ("": the nearest rev.yaml from the working folder up).
  Options& Config(std::string path) {
    config_ = std::move(path);
    return *this;
  }
  // A database URL over rev.yaml's.
  Options& Database(std::string url) {
    database_ = std::move(url);
    return *this;
  }
  // An environment of rev.yaml.
  Options& Environment(std::string name) {
    environment_ = std::move(name);
    return *this;
  }

  const std::string& config() const { return config_; }
  const std::string& database() const { return database_; }
  const std::string& environment() const { return environment_; }

 private:
  std::string config_;
  std::string database_;
  std::string environment_;
};

struct StepProgress {
  std::string revision;
  std::string direction;  // "upgrade", "downgrade"
  std::string status;     // "running", then "applied", "failed" or "rolled_back"
  int64_t duration_ms = 0;
  std::string text;
};

enum class LockPolicy { kWait = REV_LOCK_WAIT, kSkip = REV_LOCK_SKIP };

class Project {
 public:
  using LogFunction = std::function<void(rev_log_level, const std::string&)>;
  using ProgressFunction = std::function<void(const StepProgress&)>;

  explicit Project(const Options& options = Options()) : callbacks_(new Callbacks) {
    rev_open_options open{Text(options.config()), Text(options.database()),
                          Text(options.environment())};
    int code = rev_open(&open, &handle_);
    opened_ = Collect(code);
  }
  ~Project() { rev_close(handle_); }
  Project(Project&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)),
        opened_(std::move(other.opened_)),
        callbacks_(std::move(other.callbacks_)) {}
  Project& operator=(Project&& other) noexcept {
    if (this != &other) {
      rev_close(handle_);
      handle_ = std::exchange(other.handle_, nullptr);
      opened_ = std::move(other.opened_);
      callbacks_ = std::move(other.callbacks_);
    }
    return *this;
  }
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;

  // How opening went: ok, or why rev.yaml could not be found or read.
  const Outcome& opened() const { return opened_; }

  Outcome Upgrade(const std::string& target = "head") {
    return Run([&] { return rev_upgrade(handle_, target.c_str()); });
  }
  Outcome Downgrade(const std::string& target) {
    return Run([&] { return rev_downgrade(handle_, target.c_str()); });
  }
  Outcome Current() {
    return Run([&] { return rev_current(handle_); });
  }
  Outcome Status() {
    return Run([&] { return rev_status(handle_); });
  }
  Outcome Validate() {
    return Run([&] { return rev_validate(handle_); });
  }
  // Whether revisions wait to be applied to reach head; *pending is set when ok.
  Outcome Pending(bool* pending) {
    int answer = 0;
    Outcome result = Run([&] { return rev_pending(handle_, &answer); });
    if (result.ok() && pending != nullptr) *pending = answer != 0;
    return result;
  }

  // `seconds` < 0: the command line's default lock timeout.
  Outcome SetLockPolicy(LockPolicy policy, double seconds = -1) {
    return Run([&] {
      return rev_set_lock_policy(handle_, static_cast<rev_lock_policy>(policy), seconds);
    });
  }
  // Callbacks run on the calling thread, during a call. (A moved-from Project takes none.)
  void OnLog(LogFunction function) {
    if (!callbacks_) return;
    callbacks_->log = std::move(function);
    rev_set_log_callback(handle_, callbacks_->log ? &Callbacks::Log : nullptr, callbacks_.get());
  }
  void OnProgress(ProgressFunction function) {
    if (!callbacks_) return;
    callbacks_->progress = std::move(function);
    rev_set_progress_callback(handle_, callbacks_->progress ? &Callbacks::Progress : nullptr,
                              callbacks_.get());
  }

 private:
  // Heap-held, so that the address librev calls back with survives a move of the Project.
  struct Callbacks {
    LogFunction log;
    ProgressFunction progress;
    std::string thrown;  // what a callback threw during the current call

    static void Log(void* self, rev_log_level level, const char* line) noexcept {
      auto* callbacks = static_cast<Callbacks*>(self);
      Guard(callbacks, "log", [&] { callbacks->log(level, line); });
    }
    static void Progress(void* self, const rev_step_progress* step) noexcept {
      auto* callbacks = static_cast<Callbacks*>(self);
      Guard(callbacks, "progress", [&] {
        callbacks->progress(StepProgress{step->revision, step->direction, step->status,
                                         step->duration_ms, step->text});
      });
    }
    // Runs a callback; what it throws stays here (nothing crosses the C ABI), and it is
    // not called again during the call.
    template <typename Body>
    static void Guard(Callbacks* callbacks, const char* which, Body body) noexcept {
      if (!callbacks->thrown.empty()) return;
      try {
        body();
      } catch (const std::exception& error) {
        callbacks->thrown = std::string("the ") + which + " callback threw: " + error.what();
      } catch (...) {
        callbacks->thrown = std::string("the ") + which + " callback threw";
      }
    }
  };

  static const char* Text(const std::string& text) { return text.empty() ? nullptr : text.c_str(); }

  template <typename Call>
  Outcome Run(Call call) {
    if (callbacks_) callbacks_->thrown.clear();
    int code = call();
    Outcome result = Collect(code);
    if (callbacks_ && !callbacks_->thrown.empty()) {
      result.message += (result.message.empty() ? "" : "\n") + callbacks_->thrown;
    }
    return result;
  }

  Outcome Collect(int code) const { return Outcome{code, rev_result(handle_), rev_error(handle_)}; }

  rev_project* handle_ = nullptr;
  Outcome opened_;
  std::unique_ptr<Callbacks> callbacks_;
};

}  // namespace rev

#endif  // REV_HPP
