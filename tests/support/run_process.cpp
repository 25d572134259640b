#include "tests/support/run_process.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace rev::testing {
namespace {

using Clock = std::chrono::steady_clock;

// In the child: the working folder and environment of `options`, then `argv`.
[[noreturn]] void Exec(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(126);
  for (const auto& [name, value] : options.env) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

// In the child: stdin, stdout and stderr from these descriptors, then Exec.
[[noreturn]] void ExecWith(const std::vector<std::string>& argv, const ProcessOptions& options,
                           int in_fd, int out_fd, int err_fd) {
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  Exec(argv, options);
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// Milliseconds left until `deadline` (0 once it passed).
int MillisecondsUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) ExecWith(argv, options, in_pipe[0], out_pipe[1], err_pipe[1]);

  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (options.stdin_text) {
    // Small inputs only (answers to prompts); a write larger than the pipe would block.
    ssize_t ignored = write(in_pipe[1], options.stdin_text->data(), options.stdin_text->size());
    (void)ignored;
  }
  close(in_pipe[1]);

  ProcessResult result;
  auto deadline = Clock::now() + std::chrono::seconds(options.timeout_seconds);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  bool killed = false;
  while (open_fds > 0) {
    int wait_ms = MillisecondsUntil(deadline);
    if (wait_ms == 0 && !killed) {
      kill(pid, SIGKILL);
      killed = true;
    }
    int ready = poll(fds, 2, killed ? 1000 : wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      char buffer[65536];
      ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(got));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  result.exit_code = ExitCode(WaitFor(pid));
  return result;
}

ProcessResult RunOnTerminal(const std::vector<std::string>& argv, const ProcessOptions& options,
                            const std::string& answer) {
  int terminal = -1;
  pid_t pid = forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) Exec(argv, options);

  ProcessResult result;
  bool answered = false;
  auto deadline = Clock::now() + std::chrono::seconds(options.timeout_seconds);
  while (Clock::now() < deadline) {
    pollfd fd = {terminal, POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[4096];
    ssize_t got = read(terminal, buffer, sizeof buffer);
    if (got <= 0) break;  // EIO: the child closed the terminal
    result.out.append(buffer, static_cast<size_t>(got));
    if (!answered && result.out.find("[y/N]") != std::string::npos) {
      std::string line = answer + "\n";
      if (write(terminal, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
        throw std::runtime_error("cannot type on the terminal");
      }
      answered = true;
    }
  }
  if (Clock::now() >= deadline) kill(pid, SIGKILL);
  close(terminal);
  result.exit_code = ExitCode(WaitFor(pid));
  return result;
}

std::string RevBinary() { return REV_BINARY; }

std::vector<std::string> RevArgv(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {RevBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult RunRev(const std::vector<std::string>& args, const ProcessOptions& options) {
  return RunProcess(RevArgv(args), options);
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const ProcessOptions& options) {
  int in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out_fd = open((dir_ / "out").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err_fd = open((dir_ / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot open output files");
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) ExecWith(argv, options, in_fd, out_fd, err_fd);
  close(in_fd);
  close(out_fd);
  close(err_fd);
}

BackgroundProcess::~BackgroundProcess() {
  if (reaped_) return;
  kill(pid_, SIGKILL);
  status_ = WaitFor(pid_);
}

void BackgroundProcess::Signal(int signal_number) const { kill(pid_, signal_number); }

std::string BackgroundProcess::ErrSoFar() const {
  std::ifstream file(dir_ / "err");
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

bool BackgroundProcess::Running() {
  if (!reaped_ && waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return !reaped_;
}

ProcessResult BackgroundProcess::Wait(int timeout_seconds) {
  auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  while (Running()) {
    if (Clock::now() > deadline) {
      kill(pid_, SIGKILL);
      status_ = WaitFor(pid_);
      reaped_ = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ProcessResult result;
  result.exit_code = ExitCode(status_);
  result.out = ReadFile(dir_ / "out");
  result.err = ReadFile(dir_ / "err");
  return result;
}

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (!condition()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace rev::testing
