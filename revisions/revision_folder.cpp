#include "revisions/revision_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "revisions/revision_file.h"

namespace rev::revisions {
namespace {

// Below this many files one thread reads them all: starting threads costs more than it saves.
constexpr size_t kFilesPerThread = 2000;

struct FileOutcome {
  std::optional<Revision> revision;
  std::optional<Status> error;
  std::vector<Notice> warnings;
};

FileOutcome ReadOne(const std::filesystem::path& file, const std::string& display_path) {
  FileOutcome outcome;
  auto bytes = ReadFileBytes(file, display_path);
  if (!bytes.ok()) {
    outcome.error = bytes.status();
    return outcome;
  }
  auto parsed = ParseRevisionText(*bytes, display_path);
  if (!parsed.ok()) {
    outcome.error = parsed.status();
    return outcome;
  }
  outcome.revision = std::move(parsed->revision);
  outcome.warnings = std::move(parsed->warnings);
  return outcome;
}

// Lists the `*.sql` files, sorted. Hidden files, folders and anything that is not a regular
// file (a FIFO would block the read forever) are left out.
Result<std::vector<std::string>> ListSqlFiles(const std::filesystem::path& folder) {
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) {
    int error = errno;
    std::string why = error == ENOENT    ? "does not exist"
                      : error == ENOTDIR ? "is not a folder"
                                         : std::strerror(error);
    return Status::InvalidInput("the revisions folder " + folder.string() + " " + why)
        .WithHint(
            "run `rev init`, or set `revisions:` in rev.yaml to the folder of revision files");
  }
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name.empty() || name.front() == '.') continue;
    if (name.size() < 5 || name.substr(name.size() - 4) != ".sql") continue;
    if (entry->d_type != DT_REG && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN) {
      continue;
    }
    names.emplace_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

Result<std::string> ReadFileBytes(const std::filesystem::path& file,
                                  const std::string& display_path) {
  int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    return Status::InvalidInput("cannot read " + display_path + ": " + std::strerror(errno));
  }
  struct stat info {};
  std::string bytes;
  if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) bytes.reserve(info.st_size);
  char buffer[65536];
  while (true) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int error = errno;
      close(fd);
      return Status::InvalidInput("cannot read " + display_path + ": " + std::strerror(error));
    }
    if (got == 0) break;
    bytes.append(buffer, static_cast<size_t>(got));
  }
  close(fd);
  return bytes;
}

Result<FolderScan> ScanRevisionFolder(const std::filesystem::path& folder,
                                      const std::string& display_prefix) {
  REV_ASSIGN_OR_RETURN(std::vector<std::string> names, ListSqlFiles(folder));

  std::vector<FileOutcome> outcomes(names.size());
  auto read_range = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      outcomes[i] = ReadOne(folder / names[i], display_prefix + names[i]);
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
