#include "revisions/local_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rev::revisions {

std::filesystem::path LocalStateFolder(const std::filesystem::path& project_root) {
  return project_root / ".rev";
}

Status EnsureLocalStateFolder(const std::filesystem::path& folder) {
  if (::mkdir(folder.c_str(), 0700) != 0) {
    if (errno == EEXIST) return Status::Ok();
    return Status::Database("cannot create " + folder.string() + ": " + std::strerror(errno));
  }
  // Made just now: say to git that nothing here is to be committed.
  std::filesystem::path ignore = folder / ".gitignore";
  int fd = ::open(ignore.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd >= 0) {
    constexpr char kEverything[] = "# rev's local state for this checkout\n*\n";
    ssize_t written = ::write(fd, kEverything, sizeof kEverything - 1);
    (void)written;  // without it git merely shows the folder as untracked
    ::close(fd);
  }
  return Status::Ok();
}

}  // namespace rev::revisions
