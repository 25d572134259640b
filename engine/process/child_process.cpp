#include "engine/process/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it here

namespace rev::engine::process {
namespace {

constexpr size_t kStderrKept = 64 * 1024;
constexpr size_t kLongestLine = 64 * 1024;  // a streamed line without an end is cut here

std::string Errno(int error) { return std::strerror(error); }

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Close(); }
  Fd(Fd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = other.fd_;
      other.fd_ = -1;
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

Result<std::pair<Fd, Fd>> MakePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::Database("cannot make a pipe: " + Errno(errno));
  return std::make_pair(Fd(fds[0]), Fd(fds[1]));
}

// The first stage's stdin when rev writes it: a socket pair rather than a pipe, because
// send() with MSG_NOSIGNAL reports a child that stopped reading as EPIPE, where a write to a
// pipe would raise SIGPIPE and end rev. Returns the child's end, then rev's (non-blocking).
Result<std::pair<Fd, Fd>> MakeStdinSocket() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::Database("cannot make a socket pair: " + Errno(errno));
  }
  Fd child(fds[0]);
  Fd ours(fds[1]);
  if (::fcntl(ours.get(), F_SETFL, O_NONBLOCK) != 0) {
    return Status::Database("cannot make a socket non-blocking: " + Errno(errno));
  }
  return std::make_pair(std::move(child), std::move(ours));
}

// ChildCommand::stdin_text on its way to the child, a piece whenever the child has room for
// it, so that neither side waits on the other with a full buffer.
struct Feeder {
  Fd fd;  // closed when all is written (the child reads end of file) or the child left
  const std::string* text = nullptr;
  size_t written = 0;

  void Feed() {
    size_t left = text->size() - written;
    ssize_t n = left == 0 ? 0
                          : ::send(fd.get(), text->data() + written, std::min<size_t>(left, 65536),
                                   MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) written += static_cast<size_t>(n);
    bool retry = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    if (written == text->size() || (n < 0 && !retry)) fd.Close();
  }
};

Result<Fd> OpenFile(const std::filesystem::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Database("cannot open " + path.string() + ": " + Errno(errno));
  return Fd(fd);
}

// One started stage: its pid and the read ends rev keeps.
struct Running {
  pid_t pid = -1;
  Fd err;
  Fd out;  // when captured or streamed
  std::optional<int> status;
  ChildResult result;
  const ChildCommand* command = nullptr;
  std::string partial[2];  // streamed: stdout's and stderr's line so far

  // Passes on each line `chunk` completes (all that is left, at end of file).
  void Stream(bool from_stderr, std::string_view chunk, bool at_end) {
    std::string& line = partial[from_stderr ? 1 : 0];
    line.append(chunk);
    size_t begin = 0;
    for (size_t end = line.find('\n'); end != std::string::npos; end = line.find('\n', begin)) {
      size_t length = end > begin && line[end - 1] == '\r' ? end - begin - 1 : end - begin;
      command->on_line(from_stderr, line.substr(begin, length));
      begin = end + 1;
    }
    line.erase(0, begin);
    if ((at_end && !line.empty()) || line.size() > kLongestLine) {
      command->on_line(from_stderr, line);
      line.clear();
    }
  }
};

// Starts `command` with `in` and `out` as its stdin and stdout and a new pipe as stderr.
Status Spawn(const ChildCommand& command, int in, int out, Running* running) {
  REV_ASSIGN_OR_RETURN(auto err_pipe, MakePipe());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.second.get(), STDERR_FILENO);
  if (!command.working_folder.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, command.working_folder.c_str());
  }
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  // Descriptors the database drivers opened without O_CLOEXEC stay ours.
  posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
#endif
  // The child starts with no signal blocked and the default actions: rev's signal watcher
  // blocks SIGINT, and an ignored SIGPIPE would be inherited.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int signal : {SIGINT, SIGTERM, SIGPIPE, SIGQUIT, SIGHUP}) sigaddset(&defaults, signal);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> argv;
  for (const std::string& arg : command.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const std::string& entry : command.env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);

  int rc = posix_spawn(&running->pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    running->pid = -1;
    return Status::Database("cannot run " + command.argv[0] + ": " + Errno(rc));
  }
  running->err = std::move(err_pipe.first);
  return Status::Ok();
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Reads what is ready on the open pipes, closing those at end of file, and feeds stdin
// what the child has room for. stderr keeps its tail: the reason for a failure is at the end.
void Drain(std::vector<Running>* stages, Feeder* feeder) {
  struct Target {
    Running* stage;
    bool is_err;
  };
  std::vector<pollfd> fds;
  std::vector<Target> targets;
  for (Running& stage : *stages) {
    if (stage.err.get() >= 0) {
      fds.push_back({stage.err.get(), POLLIN, 0});
      targets.push_back({&stage, true});
    }
    if (stage.out.get() >= 0) {
      fds.push_back({stage.out.get(), POLLIN, 0});
      targets.push_back({&stage, false});
    }
  }
  const size_t readers = fds.size();
  if (feeder->fd.get() >= 0) fds.push_back({feeder->fd.get(), POLLOUT, 0});
  if (fds.empty()) {
    ::usleep(20 * 1000);
    return;
  }
  if (::poll(fds.data(), fds.size(), 100) <= 0) return;
  if (fds.size() > readers && fds.back().revents != 0) feeder->Feed();
  char buffer[65536];
  for (size_t i = 0; i < readers; ++i) {
    if (fds[i].revents == 0) continue;
    Running& stage = *targets[i].stage;
    const bool is_err = targets[i].is_err;
    ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
    const bool streamed = stage.command != nullptr && stage.command->on_line;
    if (n > 0) {
      std::string_view chunk(buffer, static_cast<size_t>(n));
      if (streamed) stage.Stream(is_err, chunk, false);
      if (!is_err && streamed) continue;
      std::string& text = is_err ? stage.result.err : stage.result.out;
      text.append(chunk);
      if (is_err && text.size() > 2 * kStderrKept) text.erase(0, text.size() - kStderrKept);
    } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
      if (streamed) stage.Stream(is_err, "", true);
      (is_err ? stage.err : stage.out).Close();
    }
  }
}

// Waits for every started stage, reading their pipes; passes on an interrupt.
bool WaitAll(std::vector<Running>* stages, Feeder* feeder, const std::atomic<bool>* interrupted,
             const ChildCommand& last) {
  bool was_interrupted = false;
  std::optional<std::chrono::steady_clock::time_point> signalled;
  while (true) {
    Drain(stages, feeder);
    bool alive = false;
    for (Running& stage : *stages) {
      if (stage.pid < 0 || stage.status) continue;
      int status = 0;
      pid_t done = ::waitpid(stage.pid, &status, WNOHANG);
      if (done == stage.pid || (done < 0 && errno == ECHILD)) {
        stage.status = status;
      } else {
        alive = true;
      }
    }
    bool pipes_open = false;
    for (Running& stage : *stages)
      pipes_open = pipes_open || stage.err.get() >= 0 || stage.out.get() >= 0;
    if (!alive && !pipes_open) break;
    if (!alive) continue;  // a grandchild may still hold a pipe; read until it closes
    if (interrupted != nullptr && interrupted->load()) {
      auto now = std::chrono::steady_clock::now();
      int signal = 0;
      if (!signalled) {
        signalled = now;
        signal = last.interrupt_signal;
      } else if (now - *signalled > last.kill_after) {
        signal = SIGKILL;
      }
      was_interrupted = true;
      if (signal != 0) {
        for (Running& stage : *stages) {
          if (stage.pid > 0 && !stage.status) ::kill(stage.pid, signal);
        }
      }
    }
  }
  for (Running& stage : *stages) {
    if (!stage.status) continue;
    stage.result.exit_code = ExitCodeOf(*stage.status);
    if (WIFSIGNALED(*stage.status)) stage.result.signal = WTERMSIG(*stage.status);
  }
  return was_interrupted;
}

}  // namespace

Environment CurrentEnvironment() {
  Environment env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    env.emplace_back(*entry);
  }
  return env;
}

void SetVariable(Environment* env, const std::string& name, const std::string& value) {
  const std::string prefix = name + "=";
  for (std::string& entry : *env) {
    if (entry.compare(0, prefix.size(), prefix) == 0) {
      entry = prefix + value;
      return;
    }
  }
  env->push_back(prefix + value);
}

std::optional<std::string> GetVariable(const Environment& env, const std::string& name) {
  const std::string prefix = name + "=";
  for (const std::string& entry : env) {
    if (entry.compare(0, prefix.size(), prefix) == 0) return entry.substr(prefix.size());
  }
  return std::nullopt;
}

Result<ChildResult> RunChild(const ChildCommand& command, const std::atomic<bool>* interrupted) {
  REV_ASSIGN_OR_RETURN(std::vector<ChildResult> results, RunPipeline({command}, interrupted));
  return std::move(results.front());
}

Result<std::vector<ChildResult>> RunPipeline(const std::vector<ChildCommand>& stages,
                                             const std::atomic<bool>* interrupted) {
  if (stages.empty()) return Status::Internal("RunPipeline was given no command");
  std::vector<Running> running(stages.size());
  const ChildCommand& first = stages.front();
  Feeder feeder;
  Fd next_in;
  if (first.stdin_text) {
    REV_ASSIGN_OR_RETURN(auto sockets, MakeStdinSocket());
    next_in = std::move(sockets.first);
    feeder.fd = std::move(sockets.second);
    feeder.text = &*first.stdin_text;
  } else {
    REV_ASSIGN_OR_RETURN(
        next_in,
        OpenFile(first.stdin_file.empty() ? std::filesystem::path("/dev/null") : first.stdin_file,
                 O_RDONLY));
  }
  Status started;
  for (size_t i = 0; i < stages.size() && started.ok(); ++i) {
    const ChildCommand& command = stages[i];
    Fd out;
    Fd following_in;
    if (i + 1 < stages.size()) {
      Result<std::pair<Fd, Fd>> pipe = MakePipe();
      if (!pipe.ok()) {
        started = pipe.status();
        break;
      }
      following_in = std::move(pipe->first);
      out = std::move(pipe->second);
    } else if (!command.stdout_file.empty()) {
      Result<Fd> file = OpenFile(command.stdout_file, O_WRONLY | O_CREAT | O_TRUNC);
      if (!file.ok()) {
        started = file.status();
        break;
      }
      out = std::move(file).value();
    } else if (command.capture_stdout || command.on_line) {
      Result<std::pair<Fd, Fd>> pipe = MakePipe();
      if (!pipe.ok()) {
        started = pipe.status();
        break;
      }
      running[i].out = std::move(pipe->first);
      out = std::move(pipe->second);
    } else {
      Result<Fd> null = OpenFile("/dev/null", O_WRONLY);
      if (!null.ok()) {
        started = null.status();
        break;
      }
      out = std::move(null).value();
    }
    running[i].command = &command;
    started = Spawn(command, next_in.get(), out.get(), &running[i]);
    next_in = std::move(following_in);  // our copies of the child's ends close here
  }
  if (!started.ok()) {
    for (Running& stage : running) {
      if (stage.pid > 0) ::kill(stage.pid, SIGKILL);
    }
  }
  if (!started.ok()) feeder.fd.Close();
  bool was_interrupted = WaitAll(&running, &feeder, interrupted, stages.back());
  if (!started.ok()) return started;
  if (was_interrupted) {
    return Status::Interrupted("interrupted while " + stages.back().argv.front() + " ran");
  }
  std::vector<ChildResult> results;
  for (Running& stage : running) results.push_back(std::move(stage.result));
  return results;
}

std::optional<std::filesystem::path> FindProgram(const std::string& name,
                                                 const std::string& path_variable) {
  size_t start = 0;
  while (start <= path_variable.size()) {
    size_t end = path_variable.find(':', start);
    if (end == std::string::npos) end = path_variable.size();
    std::filesystem::path folder = path_variable.substr(start, end - start);
    start = end + 1;
    if (!folder.is_absolute()) continue;
    std::filesystem::path candidate = folder / name;
    struct stat info;
    if (::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace rev::engine::process
