#include "revisions/revision_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <thread>

#include "revisions/revision_file.h"

namespace rev::revisions {
namespace {

// Below this many files one thread reads them all: starting a thread costs about as much
// as reading a few dozen files.
constexpr size_t kFilesPerThread = 256;

struct FileOutcome {
  std::optional<Revision> revision;
  std::optional<Status> error;
  std::vector<Notice> warnings;
};

// Reads `name` relative to the open folder `dir_fd` (AT_FDCWD: the working folder).
// Opening relative to the folder spares the kernel a walk of the whole path per file, and a
// file shorter than the first read's buffer costs one read: a regular file only returns
// less than asked at its end. Those two syscalls per file are most of a folder scan.
Result<std::string> ReadAt(int dir_fd, const char* name, const std::string& display_path) {
  auto failure = [&](int error) {
    return Status::InvalidInput("cannot read " + display_path + ": " + std::strerror(error))
        .At({display_path, 0, 0});
  };
  int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return failure(errno);
  constexpr size_t kChunk = 65536;
  thread_local std::unique_ptr<char[]> buffer = std::make_unique<char[]>(kChunk);
  std::string bytes;
  while (true) {
    ssize_t got = read(fd, buffer.get(), kChunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      close(fd);
      return failure(error);
    }
    bytes.append(buffer.get(), static_cast<size_t>(got));
    if (static_cast<size_t>(got) < kChunk) break;
  }
  close(fd);
  return bytes;
}

FileOutcome ReadOne(int dir_fd, const std::string& name, const std::string& display_path,
                    bool checksum) {
  FileOutcome outcome;
  auto bytes = ReadAt(dir_fd, name.c_str(), display_path);
  if (!bytes.ok()) {
    outcome.error = bytes.status();
    return outcome;
  }
  auto parsed = ParseRevisionText(*bytes, display_path, checksum);
  if (!parsed.ok()) {
    outcome.error = parsed.status();
    return outcome;
  }
  outcome.revision = std::move(parsed->revision);
  outcome.warnings = std::move(parsed->warnings);
  return outcome;
}

// An open folder; closed when it goes.
class OpenFolder {
 public:
  explicit OpenFolder(DIR* dir) : dir_(dir) {}
  ~OpenFolder() { closedir(dir_); }
  OpenFolder(const OpenFolder&) = delete;
  OpenFolder& operator=(const OpenFolder&) = delete;
  DIR* get() const { return dir_; }
  int fd() const { return dirfd(dir_); }

 private:
  DIR* dir_;
};

Result<std::unique_ptr<OpenFolder>> Open(const std::filesystem::path& folder) {
  DIR* dir = opendir(folder.c_str());
  if (dir != nullptr) return std::make_unique<OpenFolder>(dir);
  int error = errno;
  std::string why = error == ENOENT    ? "does not exist"
                    : error == ENOTDIR ? "is not a folder"
                                       : std::strerror(error);
  return Status::InvalidInput("the revisions folder " + folder.string() + " " + why)
      .WithHint("run `rev init`, or set `revisions:` in rev.yaml to the folder of revision files");
}

// The `*.sql` files, sorted. Hidden files, folders and anything that is not a regular file
// or a link (a FIFO would block the read forever) are left out.
std::vector<std::string> ListSqlFiles(const OpenFolder& folder) {
  std::vector<std::string> names;
  while (dirent* entry = readdir(folder.get())) {
    std::string_view name = entry->d_name;
    if (name.empty() || name.front() == '.') continue;
    if (name.size() < 5 || name.substr(name.size() - 4) != ".sql") continue;
    if (entry->d_type != DT_REG && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN) {
      continue;
    }
    names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

Result<std::string> ReadFileBytes(const std::filesystem::path& file,
                                  const std::string& display_path) {
  return ReadAt(AT_FDCWD, file.c_str(), display_path);
}

Result<FolderScan> ScanRevisionFolder(const std::filesystem::path& folder,
                                      const std::string& display_prefix, bool checksums) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<OpenFolder> open, Open(folder));
  std::vector<std::string> names = ListSqlFiles(*open);

  std::vector<FileOutcome> outcomes(names.size());
  auto read_range = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      outcomes[i] = ReadOne(open->fd(), names[i], display_prefix + names[i], checksums);
    }
  };
  size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()),
                                    names.size() / kFilesPerThread + 1);
  std::vector<std::thread> workers;
  size_t chunk = (names.size() + threads - 1) / threads;
  for (size_t t = 1; t < threads; ++t) {
    workers.emplace_back(read_range, t * chunk, std::min(names.size(), (t + 1) * chunk));
  }
  read_range(0, std::min(names.size(), chunk));
  for (std::thread& worker : workers) worker.join();

  FolderScan scan;
  scan.revisions.reserve(outcomes.size());
  for (FileOutcome& outcome : outcomes) {
    if (outcome.revision) scan.revisions.push_back(std::move(*outcome.revision));
    if (outcome.error) scan.errors.push_back(std::move(*outcome.error));
    for (Notice& notice : outcome.warnings) scan.warnings.push_back(std::move(notice));
  }
  return scan;
}

}  // namespace rev::revisions
