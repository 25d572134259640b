#include "cli/librev/project_state.h"

#include <unordered_map>

namespace rev::librev {
namespace {

// The open handles. One per process: a handle must be found from its address alone.
class Registry {
 public:
  static Registry& Get() {
    static Registry registry;  // NOLINT: built on first use, lives as long as the library
    return registry;
  }

  rev_project* Add(std::shared_ptr<ProjectState> state) {
    auto* handle = reinterpret_cast<rev_project*>(state.get());
    std::lock_guard<std::mutex> guard(mutex_);
    states_[handle] = std::move(state);
    return handle;
  }
  bool Remove(const rev_project* handle) {
    std::shared_ptr<ProjectState> state;  // freed outside the lock
    std::lock_guard<std::mutex> guard(mutex_);
    auto found = states_.find(handle);
    if (found == states_.end()) return false;
    state = std::move(found->second);
    states_.erase(found);
    return true;
  }
  std::shared_ptr<ProjectState> Find(const rev_project* handle) {
    std::lock_guard<std::mutex> guard(mutex_);
    auto found = states_.find(handle);
    return found == states_.end() ? nullptr : found->second;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<const rev_project*, std::shared_ptr<ProjectState>> states_;
};

}  // namespace

rev_project* Register(std::shared_ptr<ProjectState> state) {
  return Registry::Get().Add(std::move(state));
}

bool Unregister(const rev_project* handle) { return Registry::Get().Remove(handle); }

std::shared_ptr<ProjectState> Find(const rev_project* handle) {
  return handle == nullptr ? nullptr : Registry::Get().Find(handle);
}

Call::Call(const rev_project* handle) {
  if (handle == nullptr) {
    rejection_ = kNullHandle;
    return;
  }
  std::shared_ptr<ProjectState> state = Find(handle);
  if (!state) {
    rejection_ = kClosedHandle;
    return;
  }
  {
    std::lock_guard<std::mutex> guard(state->caller_mutex);
    if (state->caller == std::this_thread::get_id()) {
      rejection_ = kReentered;
      return;
    }
  }
  lock_ = std::unique_lock<std::mutex>(state->mutex);
  {
    std::lock_guard<std::mutex> guard(state->caller_mutex);
    state->caller = std::this_thread::get_id();
  }
  state_ = std::move(state);
}

Call::~Call() {
  if (!state_) return;
  std::lock_guard<std::mutex> guard(state_->caller_mutex);
  state_->caller = std::thread::id();
}

}  // namespace rev::librev
