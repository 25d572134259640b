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

// Writes `text` to a new file, flushed to disk when `flush`; returns errno on failure (0 on
// success).
int WriteAll(const std::string& path, const std::string& text, bool flush) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return errno;
  size_t done = 0;
  int error = 0;
  while (done < text.size() && error == 0) {
    ssize_t wrote = write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno != EINTR) error = errno;
    if (wrote > 0) done += static_cast<size_t>(wrote);
  }
  if (error == 0 && flush && fsync(fd) != 0) error = errno;
  if (close(fd) != 0 && error == 0) error = errno;
  if (error != 0) unlink(path.c_str());
  return error;
}

// Flushes the folder's entries, and with `whole_file_system` every file written to the file
// system holding it (syncfs: one flush for a batch of new files). Best effort: a failure
// here cannot be undone by the caller.
void SyncFolder(const std::filesystem::path& folder, bool whole_file_system) {
  int fd = open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  if (whole_file_system) syncfs(fd);
  fsync(fd);
  close(fd);
}

// WriteNewFile without the final folder flush; the file itself is flushed when `flush`.
Status WriteOne(const std::filesystem::path& file, const std::string& display,
                const std::string& text, bool flush) {
  std::string temporary =
      (file.parent_path() / ("." + file.filename().string() + ".tmp." + std::to_string(getpid())))
          .string();
  if (int error = WriteAll(temporary, text, flush); error != 0) return CannotWrite(display, error);
  int error = link(temporary.c_str(), file.c_str()) == 0 ? 0 : errno;
  unlink(temporary.c_str());
  if (error == EEXIST) {
    return Status::InvalidInput(display + " already exists; rev never overwrites a file")
        .WithHint("move it away, or choose another name");
  }
  if (error != 0) {
    // Some file systems have no hard links: fall back to an exclusive create of the file.
    error = WriteAll(file.string(), text, flush);
    if (error == EEXIST) return Status::InvalidInput(display + " already exists");
    if (error != 0) return CannotWrite(display, error);
  }
  return Status::Ok();
}

}  // namespace

Status WriteNewFile(const std::filesystem::path& file, const std::string& display,
                    const std::string& text) {
  REV_RETURN_IF_ERROR(WriteOne(file, display, text, /*flush=*/true));
  SyncFolder(file.parent_path(), false);
  return Status::Ok();
}

Status WriteNewFiles(const std::vector<NewFile>& files) {
  for (size_t i = 0; i < files.size(); ++i) {
    Status written = WriteOne(files[i].path, files[i].shown, files[i].text, /*flush=*/false);
    if (!written.ok()) {
      for (size_t j = 0; j < i; ++j) unlink(files[j].path.c_str());
      return written;
    }
  }
  if (!files.empty()) SyncFolder(files.front().path.parent_path(), true);
  return Status::Ok();
}

}  // namespace rev::cli
