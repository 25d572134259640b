// SignalWatcher: what Ctrl-C (SIGINT) and SIGTERM do while a command changes a database.
//
// While a watcher lives, both signals are blocked in the thread that made it (and so in
// every thread started later) and a thread of its own waits for them with sigwait. What a
// signal then does depends on the phase the command is in:
//
// - Before the steps run (opening, waiting for the lock, reading, asking for
//   confirmation): nothing has changed yet, so the process says so on stderr and ends at
//   once with exit code 130. The operating system releases the migration lock and the
//   database rolls back whatever transaction was open.
// - Once InterruptOnSignal(backend) was called (the steps are running): the flag is set
//   and Backend::Interrupt stops the running statement; the migrator rolls the step back,
//   records it `rolled_back`, and the command returns kInterrupted (exit 130).
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/backends/backend.h"

namespace rev::cli {

class SignalWatcher {
 public:
  enum class Signals {
    kWatch,
    kLeaveAlone,  // rev runs inside another program: no mask, no thread; the flag stays clear
  };
  // REQUIRES: called on the main thread, at most one watcher alive at a time (kWatch).
  explicit SignalWatcher(Signals signals = Signals::kWatch);
  // Stops the watching thread and restores the signal mask; a signal that arrived too
  // late to be acted on only sets the flag.
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  // From now on a signal interrupts `backend` instead of ending the process.
  // REQUIRES: `backend` outlives the watcher, or StopInterrupting() is called first.
  void InterruptOnSignal(engine::backends::Backend* backend);
  // From now on a signal calls `interrupt` (once per signal, on the watching thread) and
  // prints `message` once; for work that is not steps (scratch databases being dropped).
  void InterruptOnSignal(std::function<void()> interrupt, const char* message);
  // Forgets `backend` (call before it goes away). Signals from now on only set the flag:
  // steps may have run, so ending at once is no longer right.
  void StopInterrupting();

  // Set once SIGINT or SIGTERM arrived while interrupting (MigrationOptions::interrupted).
  const std::atomic<bool>* flag() const { return &interrupted_; }

 private:
  void Watch();

  sigset_t signals_;
  sigset_t old_mask_;
  std::mutex mutex_;  // guards interrupt_, message_, stopping_ and steps_started_
  std::function<void()> interrupt_;
  const char* message_ = "\nrev: interrupted; stopping the running step\n";
  bool watching_ = true;
  bool stopping_ = false;
  bool steps_started_ = false;
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
};

}  // namespace rev::cli
