#include "revisions/revision_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>

#include "revisions/revision_file.h"
#include "revisions/scan_cache.h"

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
                    const ParseOptions& parse) {
  FileOutcome outcome;
  auto bytes = ReadAt(dir_fd, name.c_str(), display_path);
  if (!bytes.ok()) {
    outcome.error = bytes.status();
    return outcome;
  }
  auto parsed = ParseRevisionText(*bytes, display_path, parse);
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

// The stat of `name` in the open folder (following a link), or nullopt when it fails.
std::optional<FileStamp> StampAt(int dir_fd, const std::string& name) {
  struct stat st;
  if (fstatat(dir_fd, name.c_str(), &st, 0) != 0) return std::nullopt;
  return FileStamp{static_cast<uint64_t>(st.st_size), static_cast<uint64_t>(st.st_ino),
                   st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec,
                   st.st_ctim.tv_sec * 1000000000LL + st.st_ctim.tv_nsec};
}

int64_t NowNanoseconds() {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

// A cache is for one folder, seen with one display prefix (its paths and messages hold it).
std::string CacheKey(const std::filesystem::path& folder, const std::string& display_prefix) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(folder, error);
  return (error ? folder : absolute).lexically_normal().string() + "\n" + display_prefix;
}

// Reads and parses the files `which` names, on several threads when there are many.
void ReadFiles(int dir_fd, const std::vector<std::string>& names, const std::vector<size_t>& which,
               const std::string& display_prefix, const ParseOptions& parse,
               std::vector<FileOutcome>* outcomes) {
  auto read_range = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      size_t i = which[k];
      (*outcomes)[i] = ReadOne(dir_fd, names[i], display_prefix + names[i], parse);
    }
  };
  size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()),
                                    which.size() / kFilesPerThread + 1);
  std::vector<std::thread> workers;
  size_t chunk = (which.size() + threads - 1) / threads;
  for (size_t t = 1; t < threads; ++t) {
    workers.emplace_back(read_range, t * chunk, std::min(which.size(), (t + 1) * chunk));
  }
  read_range(0, std::min(which.size(), chunk));
  for (std::thread& worker : workers) worker.join();
}

// Files changed this close to a scan are not stored: an edit in the same tick of the file
// system's clock could leave the stamp as it was (scan_cache.h).
constexpr int64_t kSettledNanoseconds = 2'000'000'000;

// The cache of the well-formed files whose stamps have settled; nullopt when a file has an
// error (bad input: nothing is to be written).
std::optional<std::string> SettledCache(const std::string& key,
                                        const std::vector<std::string>& names,
                                        const std::vector<std::optional<FileStamp>>& stamps,
                                        const std::vector<FileOutcome>& outcomes,
                                        const std::vector<std::string_view>& stored,
                                        int64_t start_ns) {
  std::vector<CacheEntry> entries;
  for (size_t i = 0; i < names.size(); ++i) {
    if (outcomes[i].error) return std::nullopt;
    const std::optional<FileStamp>& stamp = stamps[i];
    if (!stamp || !outcomes[i].revision) continue;
    if (stamp->mtime_ns > start_ns - kSettledNanoseconds ||
        stamp->ctime_ns > start_ns - kSettledNanoseconds) {
      continue;
    }
    entries.push_back(
        {&names[i], *stamp, &*outcomes[i].revision, &outcomes[i].warnings, stored[i]});
  }
  return SerializeScanCache(key, entries);
}

}  // namespace

Result<std::string> ReadFileBytes(const std::filesystem::path& file,
                                  const std::string& display_path) {
  return ReadAt(AT_FDCWD, file.c_str(), display_path);
}

Result<FolderScan> ScanRevisionFolder(const std::filesystem::path& folder,
                                      const std::string& display_prefix,
                                      const ScanOptions& options) {
  const int64_t start_ns = options.now_ns != 0 ? options.now_ns : NowNanoseconds();
  REV_ASSIGN_OR_RETURN(std::unique_ptr<OpenFolder> open, Open(folder));
  std::vector<std::string> names = ListSqlFiles(*open);
  const bool caching = !options.cache.empty();
  const std::string key = caching ? CacheKey(folder, display_prefix) : std::string();

  ScanCache cache = caching ? ScanCache::Load(options.cache, key, options.sections) : ScanCache();
  std::vector<std::optional<FileStamp>> stamps(names.size());
  if (caching) {
    for (size_t i = 0; i < names.size(); ++i) stamps[i] = StampAt(open->fd(), names[i]);
  }

  std::vector<FileOutcome> outcomes(names.size());
  std::vector<std::string_view> stored(names.size());  // the cache's bytes of each hit
  std::vector<size_t> to_read;
  for (size_t i = 0; i < names.size(); ++i) {
    if (caching) {
      CachedFile* hit = stamps[i]
                            ? cache.Find(names[i], *stamps[i], options.checksums, options.sections)
                            : nullptr;
      if (hit != nullptr) {
        outcomes[i].revision = std::move(hit->revision);
        outcomes[i].warnings = std::move(hit->warnings);
        stored[i] = hit->stored;
        continue;
      }
    }
    to_read.push_back(i);
  }
  ReadFiles(open->fd(), names, to_read, display_prefix, {options.checksums, options.sections},
            &outcomes);

  FolderScan scan;
  scan.files_read = to_read.size();
  if (caching && (!to_read.empty() || cache.size() != names.size())) {
    std::optional<std::string> bytes = SettledCache(key, names, stamps, outcomes, stored, start_ns);
    if (bytes) scan.cache_update = PendingCache{options.cache, std::move(*bytes)};
  }
  scan.revisions.reserve(outcomes.size());
  for (FileOutcome& outcome : outcomes) {
    if (outcome.revision) scan.revisions.push_back(std::move(*outcome.revision));
    if (outcome.error) scan.errors.push_back(std::move(*outcome.error));
    for (Notice& notice : outcome.warnings) scan.warnings.push_back(std::move(notice));
  }
  return scan;
}

}  // namespace rev::revisions
