#include "cli/signal_watcher.h"

#include <pthread.h>
#include <unistd.h>

#include <cstring>

namespace rev::cli {

SignalWatcher::SignalWatcher(Signals signals) : watching_(signals == Signals::kWatch) {
  sigemptyset(&signals_);
  if (!watching_) return;
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, &old_mask_);
  thread_ = std::thread([this] { Watch(); });
}

SignalWatcher::~SignalWatcher() {
  if (!watching_) return;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
    interrupt_ = nullptr;
  }
  // Wakes the watching thread's sigwait; it sees stopping_ and returns.
  pthread_kill(thread_.native_handle(), SIGTERM);
  thread_.join();
  // A signal sent to the process while the thread was stopping is still pending: take it
  // here rather than letting it kill the process once the mask is restored.
  timespec no_wait{0, 0};
  while (sigtimedwait(&signals_, nullptr, &no_wait) > 0) interrupted_ = true;
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void SignalWatcher::InterruptOnSignal(engine::backends::Backend* backend) {
  std::lock_guard<std::mutex> guard(mutex_);
  interrupt_ = [backend] { backend->Interrupt(); };
  steps_started_ = true;
}

void SignalWatcher::InterruptOnSignal(std::function<void()> interrupt, const char* message) {
  std::lock_guard<std::mutex> guard(mutex_);
  interrupt_ = std::move(interrupt);
  message_ = message;
  steps_started_ = true;
}

void SignalWatcher::StopInterrupting() {
  std::lock_guard<std::mutex> guard(mutex_);
  interrupt_ = nullptr;
}

void SignalWatcher::Watch() {
  while (true) {
    int signal_number = 0;
    if (sigwait(&signals_, &signal_number) != 0) continue;
    std::lock_guard<std::mutex> guard(mutex_);
    if (stopping_) return;
    if (steps_started_) {
      if (!interrupted_.exchange(true)) {
        ssize_t ignored = write(STDERR_FILENO, message_, std::strlen(message_));
        (void)ignored;
      }
      if (interrupt_) interrupt_();
      continue;
    }
    // Nothing has been changed yet: end here. Only async-signal-safe calls from now on,
    // since the main thread is wherever it is.
    static const char kMessage[] = "\nrev: interrupted; nothing was changed\n";
    ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)ignored;
    _exit(130);
  }
}

}  // namespace rev::cli
