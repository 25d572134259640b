// Ctrl-C in the engine's tests, as rev's SIGINT watcher gives it: a moment into a run, the
// interrupted flag is set, then the backend's running statement is interrupted.
//
//   std::atomic<bool> interrupted{false};
//   options.interrupted = &interrupted;
//   CtrlC ctrl_c(*backend, &interrupted);
//   Status status = Migrate(*backend, graph, kUp, "head", options);
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "engine/backends/backend.h"

namespace rev::testing {

class CtrlC {
 public:
  // Presses Ctrl-C `after` from now, on a thread of its own; joined when the object goes.
  CtrlC(engine::backends::Backend& backend, std::atomic<bool>* interrupted,
        std::chrono::milliseconds after = std::chrono::milliseconds(300))
      : thread_([&backend, interrupted, after] {
          std::this_thread::sleep_for(after);
          interrupted->store(true);
          backend.Interrupt();
        }) {}
  ~CtrlC() { thread_.join(); }
  CtrlC(const CtrlC&) = delete;
  CtrlC& operator=(const CtrlC&) = delete;

 private:
  std::thread thread_;
};

}  // namespace rev::testing
