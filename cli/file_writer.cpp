#include "cli/file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rev::cli {
namespace {

Status CannotWrite(const std::string& display, int error) {
  return Status::InvalidInput("cannot write " + display + ": " + std::strerror(error));
}

// Writes and flushes `text` to a new file; returns errno on failure (0 on success).
int WriteAll(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  size_t done = 0;
  int error = 0;
  while (done < text.size() && error == 0) {
    ssize_t wrote = write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno != EINTR) error = errno;
    if (wrote > 0) done += static_cast<size_t>(wrote);
  }
  if (error == 0 && fsync(fd) != 0) error = errno;
  if (close(fd) != 0 && error == 0) error = errno;
  if (error != 0) unlink(path.c_str());
  return error;
}

void SyncFolder(const std::filesystem::path& folder) {
  int fd = open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);  // best effort: the file itself is already on disk
  close(fd);
}

}  // namespace

Status WriteNewFile(const std::filesystem::path& file, const std::string& display,
                    const std::string& text) {
  std::string temporary =
      (file.parent_path() / ("." + file.filename().string() + ".tmp." + std::to_string(getpid())))
          .string();
  if (int error = WriteAll(temporary, text); error != 0) return CannotWrite(display, error);
  int error = link(temporary.c_str(), file.c_str()) == 0 ? 0 : errno;
  unlink(temporary.c_str());
  if (error == EEXIST) {
    return Status::InvalidInput(display + " already exists; rev never overwrites a file")
        .WithHint("move it away, or choose another name");
  }
  if (error != 0) {
    // Some file systems have no hard links: fall back to an exclusive create of the file.
    error = WriteAll(file.string(), text);
    if (error == EEXIST) return Status::InvalidInput(display + " already exists");
    if (error != 0) return CannotWrite(display, error);
  }
  SyncFolder(file.parent_path());
  return Status::Ok();
}

}  // namespace rev::cli
