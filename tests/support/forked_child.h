// ForkedChild: the test binary itself, forked, running a piece of the test (a second rev
// taking the migration lock, an upgrade to be killed part way) while the test goes on; the
// child says through a pipe when it reached its point, then waits to be killed.
//
//   auto holder = LockHolder(db);
//   REQUIRE(holder->WaitReady());
//   ...
//   CHECK(holder->Kill());
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <memory>

#include "tests/support/test_database.h"

namespace rev::testing {

// In the child: tells the parent that the child reached its point (`ok`), or could not.
inline void SayReady(int fd, bool ok) {
  char byte = ok ? '+' : '-';
  ssize_t written = write(fd, &byte, 1);
  (void)written;
}

class ForkedChild {
 public:
  // Runs `body(fd)` in a child; body calls SayReady(fd, ...) once. The child then waits to
  // be killed, but what body holds in its locals is gone by then: a body that holds
  // something (a lock) waits itself, with pause().
  template <typename Body>
  explicit ForkedChild(Body body) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      close(fds[0]);
      try {
        body(fds[1]);
      } catch (...) {
        _exit(2);  // never back into the test runner
      }
      pause();
      _exit(0);
    }
    close(fds[1]);
    read_fd_ = fds[0];
  }
  ~ForkedChild() {
    Kill();
    close(read_fd_);
  }
  ForkedChild(const ForkedChild&) = delete;
  ForkedChild& operator=(const ForkedChild&) = delete;

  // True when the child said it is ready (false when it could not, or ended first).
  bool WaitReady() {
    char byte = 0;
    return read(read_fd_, &byte, 1) == 1 && byte == '+';
  }
  // Kills the child with SIGKILL and reaps it; true when the signal is what ended it.
  bool Kill() {
    if (pid_ <= 0) return false;
    kill(pid_, SIGKILL);
    int status = 0;
    bool reaped = waitpid(pid_, &status, 0) == pid_;
    pid_ = -1;
    return reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int read_fd_ = -1;
};

// A child holding the migration lock of `db`, opened with `options`.
inline std::unique_ptr<ForkedChild> LockHolder(
    const TestDatabase& db, const engine::backends::BackendOptions& options = {}) {
  return std::make_unique<ForkedChild>([&db, options](int fd) {
    auto backend = engine::backends::OpenBackend(db.url(), options, true);
    SayReady(fd, backend.ok() && (*backend)->AcquireMigrationLock(std::chrono::seconds(5)).ok());
    pause();  // holding the backend, and so the lock
  });
}

}  // namespace rev::testing
