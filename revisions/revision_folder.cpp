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

FileOutcome ReadOne(int dir_fd, const char* name, const std::string& display_path,
                    const ParseOptions& parse) {
  FileOutcome outcome;
  auto bytes = ReadAt(dir_fd, name, display_path);
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

// The `*.sql` file names of a folder, sorted, in one buffer (one allocation, not one per
// name). Each name is followed by a NUL, so its data() can go to a system call as it is.
class FileNames {
 public:
  size_t size() const { return names_.size(); }
  std::string_view operator[](size_t i) const { return names_[i]; }

  // Hidden files, folders and anything that is not a regular file or a link (a FIFO would
  // block the read forever) are left out.
  static FileNames List(const OpenFolder& folder) {
    FileNames list;
    std::vector<std::pair<uint64_t, uint32_t>> keyed;  // sort key, offset in bytes_
    while (dirent* entry = readdir(folder.get())) {
      std::string_view name = entry->d_name;
      if (name.empty() || name.front() == '.') continue;
      if (name.size() < 5 || name.substr(name.size() - 4) != ".sql") continue;
      if (entry->d_type != DT_REG && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN) {
        continue;
      }
      keyed.emplace_back(SortKey(name), static_cast<uint32_t>(list.bytes_.size()));
      list.bytes_.append(name).push_back('\0');
    }
    const char* bytes = list.bytes_.data();
    // Most names differ in their first eight bytes: comparing those as one number first
    // makes sorting 100,000 names cheap next to comparing them as strings.
    std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return std::string_view(bytes + a.second) < std::string_view(bytes + b.second);
    });
    list.names_.reserve(keyed.size());
    for (const auto& entry : keyed) list.names_.emplace_back(bytes + entry.second);
    return list;
  }

 private:
  // The first eight bytes of `name` as a number that orders as they do.
  static uint64_t SortKey(std::string_view name) {
    uint64_t key = 0;
    for (size_t i = 0; i < 8; ++i) {
      key = key << 8 | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    }
    return key;
  }

  std::string bytes_;
  std::vector<std::string_view> names_;
};

// The stat of `name` in the open folder (following a link), or nullopt when it fails.
std::optional<FileStamp> StampAt(int dir_fd, std::string_view name) {
  struct stat st;
  if (fstatat(dir_fd, name.data(), &st, 0) != 0) return std::nullopt;
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
void ReadFiles(int dir_fd, const FileNames& names, const std::vector<size_t>& which,
               const std::string& display_prefix, const ParseOptions& parse,
               std::vector<FileOutcome>* outcomes) {
  auto read_range = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      size_t i = which[k];
      (*outcomes)[i] =
          ReadOne(dir_fd, names[i].data(), display_prefix + std::string(names[i]), parse);
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
// error (bad input: nothing is to be written) or the cache cannot be written.
std::optional<std::string> SettledCache(const std::string& key, const FileNames& names,
                                        const std::vector<std::optional<FileStamp>>& stamps,
                                        const std::vector<FileOutcome>& outcomes,
                                        const std::vector<size_t>& stored, ScanCache* cache,
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
    CacheEntry entry{names[i], *stamp, &*outcomes[i].revision, &outcomes[i].warnings};
    if (stored[i] != ScanCache::kNone) {
      entry.from = cache;
      entry.index = stored[i];
    }
    entries.push_back(entry);
  }
  return SerializeScanCache(key, entries);
}

// Stats every file and takes from `cache` the parse of each one unchanged since it was
// stored, noting its entry in `stored`. On a large folder the stats run on a thread of
// their own while this one takes the parses, and the stamps are compared after: the stats
// are the kernel's work and the parses the CPU's, about as long as each other, and on two
// cores they overlap. A parse taken for a file that turns out changed is dropped.
void TakeFromCache(int dir_fd, const FileNames& names, const ScanOptions& options, ScanCache* cache,
                   std::vector<std::optional<FileStamp>>* stamps,
                   std::vector<FileOutcome>* outcomes, std::vector<size_t>* stored) {
  auto stat_all = [&] {
    for (size_t i = 0; i < names.size(); ++i) (*stamps)[i] = StampAt(dir_fd, names[i]);
  };
  std::thread statter;
  if (names.size() >= kFilesPerThread && std::thread::hardware_concurrency() > 1) {
    statter = std::thread(stat_all);
  } else {
    stat_all();
  }
  for (size_t i = 0; i < names.size(); ++i) {
    size_t hit = cache->Find(names[i], options.checksums, options.sections);
    FileOutcome& outcome = (*outcomes)[i];
    if (hit != ScanCache::kNone &&
        cache->Take(hit, options.sections, &outcome.revision, &outcome.warnings)) {
      (*stored)[i] = hit;
    }
  }
  if (statter.joinable()) statter.join();
  for (size_t i = 0; i < names.size(); ++i) {
    size_t hit = (*stored)[i];
    if (hit == ScanCache::kNone || ((*stamps)[i] && cache->Fresh(hit, *(*stamps)[i]))) continue;
    (*outcomes)[i] = FileOutcome();
    (*stored)[i] = ScanCache::kNone;
  }
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
  FileNames names = FileNames::List(*open);
  const bool caching = !options.cache.empty();
  const std::string key = caching ? CacheKey(folder, display_prefix) : std::string();

  ScanCache cache = caching ? ScanCache::Load(options.cache, key) : ScanCache();
  std::vector<std::optional<FileStamp>> stamps(names.size());
  std::vector<FileOutcome> outcomes(names.size());
  std::vector<size_t> stored(names.size(), ScanCache::kNone);  // the cache's entry of each hit
  if (caching) {
    TakeFromCache(open->fd(), names, options, &cache, &stamps, &outcomes, &stored);
  }
  std::vector<size_t> to_read;
  for (size_t i = 0; i < names.size(); ++i) {
    if (stored[i] == ScanCache::kNone) to_read.push_back(i);
  }
  ReadFiles(open->fd(), names, to_read, display_prefix, {options.checksums, options.sections},
            &outcomes);

  FolderScan scan;
  scan.files_read = to_read.size();
  if (caching && (!to_read.empty() || cache.size() != names.size())) {
    std::optional<std::string> bytes =
        SettledCache(key, names, stamps, outcomes, stored, &cache, start_ns);
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
