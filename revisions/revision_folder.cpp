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
#include "revisions/run_command.h"
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

// Reads and parses the files `which` names into `outcomes` (one for each, in that order),
// on several threads when there are many.
void ReadFiles(int dir_fd, const FileNames& names, const std::vector<size_t>& which,
               const std::string& display_prefix, const ParseOptions& parse,
               std::vector<FileOutcome>* outcomes) {
  outcomes->resize(which.size());
  auto read_range = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      size_t i = which[k];
      (*outcomes)[k] =
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

// A folder's files as a scan found them, for the cache: each one's stamp, its entry in the
// loaded cache (kNone when it was read), its revision in the scan and its warnings.
struct ScannedFiles {
  std::vector<std::optional<FileStamp>> stamps;
  std::vector<size_t> stored;
  std::vector<const Revision*> revisions;
  std::vector<std::vector<Notice>> warnings;
};

// The cache of the files whose stamps have settled (the scan found no error: bad input
// leaves nothing to write); nullopt when it cannot be written.
std::optional<std::string> SettledCache(const std::string& key, const FileNames& names,
                                        const ScannedFiles& files, ScanCache* cache,
                                        int64_t start_ns) {
  std::vector<CacheEntry> entries;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::optional<FileStamp>& stamp = files.stamps[i];
    // A revision that runs a program is read every time: its checksum covers files the
    // cache's stamps do not watch.
    if (!stamp || files.revisions[i] == nullptr || files.revisions[i]->runs_program()) continue;
    if (stamp->mtime_ns > start_ns - kSettledNanoseconds ||
        stamp->ctime_ns > start_ns - kSettledNanoseconds) {
      continue;
    }
    CacheEntry entry{names[i], *stamp, files.revisions[i], &files.warnings[i]};
    if (files.stored[i] != ScanCache::kNone) {
      entry.from = cache;
      entry.index = files.stored[i];
    }
    entries.push_back(entry);
  }
  return SerializeScanCache(key, entries);
}

// `revision` with a checksum that covers the program files its sections name.
Revision WithProgramChecksum(const Revision& revision, const ScanOptions& options) {
  if (options.project_folder.empty() || revision.checksum().empty()) return revision;
  std::vector<std::filesystem::path> files;
  for (const auto* run : {&revision.upgrade_run(), &revision.downgrade_run()}) {
    if (!*run) continue;
    std::vector<std::filesystem::path> named = ProgramFilesOf(**run, options.project_folder);
    files.insert(files.end(), named.begin(), named.end());
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return revision.WithChecksum(
      WithProgramFiles(revision.checksum(), files, options.project_folder));
}

// The scan; with `use_cache` false the cache's entries are not used (every file is read)
// but a new cache is still made.
Result<FolderScan> Scan(const std::filesystem::path& folder, const std::string& display_prefix,
                        const ScanOptions& options, bool use_cache) {
  const int64_t start_ns = options.now_ns != 0 ? options.now_ns : NowNanoseconds();
  REV_ASSIGN_OR_RETURN(std::unique_ptr<OpenFolder> open, Open(folder));
  FileNames names = FileNames::List(*open);
  const size_t count = names.size();
  const bool caching = !options.cache.empty();
  const std::string key = caching ? CacheKey(folder, display_prefix) : std::string();

  ScanCache cache = caching && use_cache ? ScanCache::Load(options.cache, key) : ScanCache();
  ScannedFiles files{
      std::vector<std::optional<FileStamp>>(count), std::vector<size_t>(count, ScanCache::kNone),
      std::vector<const Revision*>(count, nullptr), std::vector<std::vector<Notice>>(count)};
  std::vector<size_t> to_read;
  for (size_t i = 0; i < count; ++i) {
    if (caching) files.stamps[i] = StampAt(open->fd(), names[i]);
    size_t hit = files.stamps[i] ? cache.Find(names[i], options.checksums, options.sections)
                                 : ScanCache::kNone;
    if (hit != ScanCache::kNone && cache.Fresh(hit, *files.stamps[i])) {
      files.stored[i] = hit;
    } else {
      to_read.push_back(i);
    }
  }
  std::vector<FileOutcome> read;
  ReadFiles(open->fd(), names, to_read, display_prefix, {options.checksums, options.sections},
            &read);

  // In name order, each revision taken from the cache or from what was read straight into
  // place: no list of every file's outcome in between.
  FolderScan scan;
  scan.files_read = to_read.size();
  scan.revisions.reserve(count);  // never reallocated: files.revisions points into it
  for (size_t i = 0, k = 0; i < count; ++i) {
    std::optional<Revision> revision;
    if (files.stored[i] != ScanCache::kNone) {
      if (!cache.Take(files.stored[i], options.sections, &revision, &files.warnings[i])) {
        // Only a cache that passed its hash yet holds what rev never writes gets here.
        return Scan(folder, display_prefix, options, /*use_cache=*/false);
      }
    } else {
      FileOutcome& outcome = read[k++];
      revision = std::move(outcome.revision);
      if (revision && revision->runs_program()) revision = WithProgramChecksum(*revision, options);
      if (outcome.error) scan.errors.push_back(std::move(*outcome.error));
      files.warnings[i] = std::move(outcome.warnings);
    }
    if (revision) {
      scan.revisions.push_back(std::move(*revision));
      files.revisions[i] = &scan.revisions.back();
    }
    scan.warnings.insert(scan.warnings.end(), files.warnings[i].begin(), files.warnings[i].end());
  }
  if (caching && scan.errors.empty() && (!to_read.empty() || cache.size() != count)) {
    std::optional<std::string> bytes = SettledCache(key, names, files, &cache, start_ns);
    if (bytes) scan.cache_update = PendingCache{options.cache, std::move(*bytes)};
  }
  return scan;
}

}  // namespace

Result<std::string> ReadFileBytes(const std::filesystem::path& file,
                                  const std::string& display_path) {
  return ReadAt(AT_FDCWD, file.c_str(), display_path);
}

Result<FolderScan> ScanRevisionFolder(const std::filesystem::path& folder,
                                      const std::string& display_prefix,
                                      const ScanOptions& options) {
  return Scan(folder, display_prefix, options, /*use_cache=*/true);
}

}  // namespace rev::revisions
