#include "engine/backends/migration_lock_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <thread>

#include "engine/backends/history.h"

namespace rev::engine::backends {
namespace {

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return "unknown host";
  return name;
}

// One line per field: "pid 1234\nhost build-7\nsince 2026-11-22T10:04:00.123Z\n".
std::string FieldOf(const std::string& content, const std::string& key) {
  size_t pos = 0;
  while (pos < content.size()) {
    size_t end = content.find('\n', pos);
    if (end == std::string::npos) end = content.size();
    if (content.compare(pos, key.size() + 1, key + " ") == 0) {
      return content.substr(pos + key.size() + 1, end - pos - key.size() - 1);
    }
    pos = end + 1;
  }
  return "";
}

int OpenNoFollow(const std::filesystem::path& path, int flags) {
  int fd = -1;
  do {
    fd = open(path.c_str(), flags | O_CLOEXEC | O_NOFOLLOW, 0666);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

}  // namespace

std::filesystem::path MigrationLockFile::PathFor(const std::filesystem::path& database) {
  return std::filesystem::path(database.string() + ".rev-lock");
}

MigrationLockFile::~MigrationLockFile() { Release(); }

Status MigrationLockFile::Acquire(std::chrono::milliseconds timeout,
                                  const LockWaitObserver& on_wait) {
  if (held()) return Status::Ok();
  int fd = OpenNoFollow(path_, O_RDWR | O_CREAT);
  if (fd < 0) {
    return Status::Database("cannot open the migration lock file " + path_.string() + ": " +
                            std::strerror(errno))
        .WithHint(
            "rev needs to create this file beside the database; check the folder's "
            "permissions");
  }
  std::minstd_rand jitter(
      static_cast<unsigned>(getpid()) ^
      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + timeout;
  bool told = !on_wait;
  while (true) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) break;
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) {
      std::string reason = std::strerror(errno);
      close(fd);
      return Status::Database("cannot lock " + path_.string() + ": " + reason);
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      close(fd);
      auto seconds = std::chrono::duration_cast<std::chrono::duration<double>>(timeout).count();
      char waited[32];
      std::snprintf(waited, sizeof(waited), "%g", seconds);
      return Status::LockTimeout("another rev holds the migration lock (" + DescribeHolder() +
                                 "); gave up after " + waited + " s")
          .WithHint("wait for it to finish or raise --lock-timeout; the lock file " +
                    path_.string() + " is released when its holder ends, however it ends");
    }
    if (!told) {
      // The holder describes itself just after it locks: give it a moment to.
      std::string holder = HolderFromFile();
      if (!holder.empty() || now - start >= kHolderGrace) {
        on_wait({DescribeHolder(), timeout});
        told = true;
      }
    }
    auto pause = std::chrono::milliseconds(20 + static_cast<int>(jitter() % 31));
    std::this_thread::sleep_for(std::min<std::chrono::nanoseconds>(pause, deadline - now));
  }
  fd_ = fd;
  WriteHolder();
  return Status::Ok();
}

void MigrationLockFile::Release() {
  if (!held()) return;
  // The holder's description goes first, so a waiter never reads a released holder.
  if (ftruncate(fd_, 0) != 0) {
    // Only the description is lost; the lock itself goes with the descriptor.
  }
  flock(fd_, LOCK_UN);
  close(fd_);
  fd_ = -1;
}

Result<bool> MigrationLockFile::IsHeld() const {
  if (held()) return true;
  int fd = OpenNoFollow(path_, O_RDONLY);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    return Status::Database("cannot open the migration lock file " + path_.string() + ": " +
                            std::strerror(errno));
  }
  int rc = 0;
  do {
    rc = flock(fd, LOCK_SH | LOCK_NB);
  } while (rc != 0 && errno == EINTR);
  int error = errno;
  close(fd);  // drops the shared lock, if taken
  if (rc == 0) return false;
  if (error == EWOULDBLOCK) return true;
  return Status::Database("cannot test the migration lock " + path_.string() + ": " +
                          std::strerror(error));
}

void MigrationLockFile::WriteHolder() {
  std::string content = "pid " + std::to_string(getpid()) + "\nhost " + HostName() + "\nsince " +
                        FormatTimestamp(std::chrono::system_clock::now()) + "\n";
  if (ftruncate(fd_, 0) != 0) return;
  // Best effort: the description only improves a waiter's message.
  ssize_t written = pwrite(fd_, content.data(), content.size(), 0);
  (void)written;
}

std::string MigrationLockFile::HolderFromFile() const {
  int fd = OpenNoFollow(path_, O_RDONLY);
  std::string content;
  if (fd >= 0) {
    char buffer[512];
    ssize_t n = pread(fd, buffer, sizeof(buffer), 0);
    if (n > 0) content.assign(buffer, static_cast<size_t>(n));
    close(fd);
  }
  std::string pid = FieldOf(content, "pid");
  if (pid.empty()) return "";
  return "pid " + pid + " on " + FieldOf(content, "host") + " since " + FieldOf(content, "since");
}

std::string MigrationLockFile::DescribeHolder() const {
  std::string holder = HolderFromFile();
  return (holder.empty() ? "holder unknown" : holder) + "; lock file " + path_.string();
}

}  // namespace rev::engine::backends
