// What a librev handle holds, and the registry of open handles.
//
// A rev_project* is the address of a ProjectState that the registry keeps alive until
// rev_close. Every call looks its handle up first, so a NULL or a closed handle is an
// error, not a crash (a closed handle's address may be reused by a later rev_open, as a
// file descriptor's number is). A call in progress keeps its state alive even when another
// thread closes the handle meanwhile.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "cli/librev/call_sink.h"
#include "cli/librev/rev.h"

namespace rev::librev {

struct ProjectState {
  std::string config;  // absolute path of rev.yaml
  std::optional<std::string> database;
  std::optional<std::string> environment;
  Callbacks callbacks;
  rev_lock_policy lock_policy = REV_LOCK_WAIT;
  std::optional<double> lock_seconds;  // none: the command line's default
  std::string result;                  // rev_result()
  std::string error;                   // rev_error()

  std::mutex mutex;         // held by the call in progress
  std::thread::id caller;   // the thread of the call in progress, if any
  std::mutex caller_mutex;  // guards caller
};

// Registers a new state; the handle is its address.
rev_project* Register(std::shared_ptr<ProjectState> state);
// Forgets the handle; false when it was not open.
bool Unregister(const rev_project* handle);
// The state of an open handle, or null.
std::shared_ptr<ProjectState> Find(const rev_project* handle);

// A call on a handle: holds its state and its mutex for the call's length. Refuses a call
// made from one of the handle's own callbacks (it would wait for itself).
class Call {
 public:
  explicit Call(const rev_project* handle);
  ~Call();
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // REV_OK, or REV_INVALID when the handle cannot be used (why: rejection()).
  int code() const { return state_ ? REV_OK : REV_INVALID; }
  const char* rejection() const { return rejection_; }
  ProjectState& state() { return *state_; }

 private:
  std::shared_ptr<ProjectState> state_;
  std::unique_lock<std::mutex> lock_;
  const char* rejection_ = "";
};

// What rev_error() says of a handle it cannot read.
inline constexpr const char* kNullHandle = "rev: error: no handle (NULL); open one with rev_open";
inline constexpr const char* kClosedHandle =
    "rev: error: not an open rev handle (closed already, or never opened by rev_open)";
inline constexpr const char* kReentered =
    "rev: error: a callback called back into the handle whose call it serves";

}  // namespace rev::librev
