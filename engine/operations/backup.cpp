#include "engine/operations/backup.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <future>
#include <memory>
#include <sstream>

#include "engine/backends/postgres_backup.h"
#include "engine/backends/sqlite_backup.h"
#include "revisions/join.h"
#include "revisions/sha256.h"

namespace rev::engine::operations {
namespace {

namespace fs = std::filesystem;

constexpr size_t kLongHeads = 120;
constexpr size_t kShortId = 12;

std::string Errno() { return std::strerror(errno); }

const char* Extension(backends::DatabaseKind kind) {
  return kind == backends::DatabaseKind::kSqlite ? ".sqlite" : ".dump";
}

std::string JoinedHeads(const RevisionIds& heads, size_t cut) {
  std::vector<std::string> cut_heads;
  for (const RevisionId& head : heads) cut_heads.push_back(head.str().substr(0, cut));
  return revisions::Join(cut_heads, "-", "base");
}

// A file of our own, empty, mode 0600 whatever the umask.
Status CreatePrivateFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Database("cannot create " + path.string() + ": " + Errno());
  ::fchmod(fd, 0600);
  ::close(fd);
  return Status::Ok();
}

Status Sync(const fs::path& path, bool folder) {
  int fd = ::open(path.c_str(), (folder ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return Status::Database("cannot open " + path.string() + ": " + Errno());
  int rc = ::fsync(fd);
  std::string error = rc != 0 ? Errno() : "";
  ::close(fd);
  if (rc != 0) return Status::Database("cannot sync " + path.string() + ": " + error);
  return Status::Ok();
}

Status WriteText(const fs::path& path, const std::string& text) {
  REV_RETURN_IF_ERROR(CreatePrivateFile(path));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::Database("cannot write " + path.string());
  return Sync(path, false);
}

bool WasInterrupted(const std::atomic<bool>* interrupted) {
  return interrupted != nullptr && interrupted->load();
}

// Feeds the bytes of `fd` to `context`. `mapped`: through a memory map, which spares copying
// every byte out of the page cache; only for a file of rev's own, since another process
// truncating a mapped file would end rev with SIGBUS.
Status Digest(int fd, const fs::path& file, bool mapped, revisions::Sha256& sha,
              const std::atomic<bool>* interrupted) {
  constexpr size_t kChunk = 8 << 20;
  struct stat info;
  if (mapped && ::fstat(fd, &info) == 0 && info.st_size > 0) {
    size_t size = static_cast<size_t>(info.st_size);
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      ::madvise(map, size, MADV_SEQUENTIAL);
      const unsigned char* bytes = static_cast<const unsigned char*>(map);
      bool stopped = false;
      for (size_t done = 0; done < size && !stopped; done += kChunk) {
        stopped = WasInterrupted(interrupted);
        if (!stopped) sha.Update(bytes + done, std::min(kChunk, size - done));
      }
      ::munmap(map, size);
      if (stopped) return Status::Interrupted("interrupted while hashing " + file.string());
      return Status::Ok();
    }
  }
  std::vector<unsigned char> buffer(1 << 20);
  ssize_t n = 0;
  while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
    sha.Update(buffer.data(), static_cast<size_t>(n));
    if (WasInterrupted(interrupted)) {
      return Status::Interrupted("interrupted while checking " + file.string());
    }
  }
  if (n < 0) return Status::InvalidInput("cannot read " + file.string() + ": " + Errno());
  return Status::Ok();
}

Result<std::string> Sha256(const fs::path& file, bool mapped,
                           const std::atomic<bool>* interrupted) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::InvalidInput("cannot read " + file.string() + ": " + Errno());
  revisions::Sha256 sha;
  Status read = Digest(fd, file, mapped, sha, interrupted);
  ::close(fd);
  REV_RETURN_IF_ERROR(read);
  return revisions::HexOf(sha.Finish());
}

// Removes the temporary files of a backup that did not complete.
class TemporaryFiles {
 public:
  ~TemporaryFiles() {
    for (const fs::path& path : paths_) {
      std::error_code ignored;
      fs::remove(path, ignored);
    }
  }
  fs::path Add(const fs::path& final_path) {
    paths_.push_back(HiddenBeside(final_path, ".tmp-"));
    return paths_.back();
  }
  void Keep() { paths_.clear(); }

  // `.<name><suffix><pid>` in the folder of `final_path`: hidden, and this run's own.
  static fs::path HiddenBeside(const fs::path& final_path, const std::string& suffix) {
    return final_path.parent_path() /
           ("." + final_path.filename().string() + suffix + std::to_string(::getpid()));
  }

 private:
  std::vector<fs::path> paths_;
};

// Moves the synced temporary backup and manifest to their final names, so that a backup
// that is there always has its own manifest beside it:
// - an older manifest at the final name (-o replacing a backup) is moved aside first, or
//   the new backup would sit, for a moment or after a crash, beside a manifest of another
//   file; it is put back when the backup cannot be renamed;
// - the backup goes before its manifest: a crash between the two leaves a backup listed as
//   incomplete, while a manifest without its backup would promise what is not there;
// - when the manifest cannot be put in place, the new backup is removed again.
Status PlaceBackup(const fs::path& copy, const fs::path& manifest_copy, const fs::path& file,
                   const fs::path& manifest_file) {
  std::error_code error;
  fs::path aside;
  if (fs::is_regular_file(manifest_file, error)) {
    aside = TemporaryFiles::HiddenBeside(manifest_file, ".old-");
    fs::rename(manifest_file, aside, error);
    if (error) {
      return Status::Database("cannot move the old manifest " + manifest_file.string() +
                              " aside: " + error.message());
    }
  }
  fs::rename(copy, file, error);
  if (error) {
    std::error_code ignored;
    if (!aside.empty()) fs::rename(aside, manifest_file, ignored);
    return Status::Database("cannot rename the backup into place as " + file.string() + ": " +
                            error.message());
  }
  fs::rename(manifest_copy, manifest_file, error);
  std::error_code ignored;
  if (error) {
    fs::remove(file, ignored);
    // The old manifest's backup was replaced: it would describe nothing.
    if (!aside.empty()) fs::remove(aside, ignored);
    return Status::Database("cannot rename the manifest into place as " + manifest_file.string() +
                            ": " + error.message() + "; the backup was removed again");
  }
  if (!aside.empty()) fs::remove(aside, ignored);
  return Status::Ok();
}

// Where the backup goes: -o FILE, else a new name in the folder (never an existing one).
Result<fs::path> Destination(const BackupRequest& request, const RevisionIds& heads,
                             backends::DatabaseKind kind) {
  if (!request.output.empty()) return fs::absolute(request.output);
  std::error_code error;
  fs::path folder = fs::absolute(request.folder);
  fs::create_directories(folder, error);
  if (error) {
    return Status::Database("cannot create the backup folder " + folder.string() + ": " +
                            error.message());
  }
  std::string name = BackupFileName(heads, std::chrono::system_clock::now(), kind);
  std::string stem = name.substr(0, name.size() - std::strlen(Extension(kind)));
  fs::path path = folder / name;
  for (int n = 2; fs::exists(path) || fs::exists(ManifestPathFor(path)); ++n) {
    path = folder / (stem + "_" + std::to_string(n) + Extension(kind));
  }
  return path;
}

// The heads recorded in a SQLite copy, read from the copy itself.
Result<RevisionIds> HeadsOfCopy(const fs::path& copy, const backends::BackendOptions& options) {
  REV_ASSIGN_OR_RETURN(
      std::unique_ptr<backends::Backend> backend,
      backends::OpenBackend(backends::DatabaseUrl::ForSqliteFile(copy), options, false));
  REV_ASSIGN_OR_RETURN(bool has_table, backend->HasVersionTable());
  if (!has_table) return RevisionIds();
  return backend->ReadHeads();
}

Status MakeCopy(const backends::DatabaseUrl& url, const fs::path& temporary,
                const BackupRequest& request) {
  if (url.kind() == backends::DatabaseKind::kPostgres) {
    return backends::PgDumpToFile(url, temporary, request.interrupted);
  }
  return backends::SqliteBackupToFile(url.sqlite_path(), temporary,
                                      {request.lock_timeout, request.interrupted});
}

// -o FILE names a file in a folder that is there. rev makes no folder for it, so a mistyped
// path is refused rather than created (backup.dir, rev's own, is made when missing).
Status CheckOutput(const fs::path& output) {
  if (output.empty()) return Status::Ok();
  std::error_code error;
  if (fs::is_directory(output, error)) {
    return Status::InvalidInput("the backup file " + output.string() + " is a folder")
        .WithHint("name a file in it: --output " + (output / "backup").string());
  }
  fs::path folder = fs::absolute(output).parent_path();
  if (!fs::is_directory(folder, error)) {
    bool taken = fs::exists(folder, error);
    return Status::InvalidInput("cannot write the backup " + output.string() + ": " +
                                folder.string() + (taken ? " is not a folder" : " does not exist"))
        .WithHint(taken ? "choose another --output"
                        : "create the folder first (mkdir -p " + folder.string() +
                              "), or choose another --output");
  }
  return Status::Ok();
}

Status CheckCanBackUp(const backends::DatabaseUrl& url, const BackupRequest& request) {
  REV_RETURN_IF_ERROR(CheckOutput(request.output));
  if (url.kind() != backends::DatabaseKind::kSqlite) return Status::Ok();
  if (url.in_memory()) {
    return Status::InvalidInput("an in-memory SQLite database cannot be backed up")
        .WithHint("give a database file: sqlite:///app.db");
  }
  std::error_code error;
  if (!fs::is_regular_file(url.sqlite_path(), error)) {
    return Status::InvalidInput("there is no SQLite database at " + url.sqlite_path().string() +
                                " to back up")
        .WithHint("check the database URL (rev.yaml `database:`, --database, REV_DATABASE_URL)");
  }
  return Status::Ok();
}

}  // namespace

std::string BackupFileName(const RevisionIds& heads, std::chrono::system_clock::time_point time,
                           backends::DatabaseKind kind) {
  std::string joined = JoinedHeads(heads, std::string::npos);
  if (joined.size() > kLongHeads) joined = JoinedHeads(heads, kShortId);
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &utc);
  return "backup_" + joined + "_" + stamp + Extension(kind);
}

fs::path ManifestPathFor(const fs::path& backup) { return backup.string() + ".yaml"; }

Result<std::string> Sha256OfFile(const fs::path& file, const std::atomic<bool>* interrupted) {
  return Sha256(file, /*mapped=*/false, interrupted);
}

Result<BackupResult> CreateBackup(backends::Backend& backend, const backends::DatabaseUrl& url,
                                  const backends::BackendOptions& options,
                                  const BackupRequest& request) {
  REV_RETURN_IF_ERROR(CheckCanBackUp(url, request));
  REV_ASSIGN_OR_RETURN(bool has_table, backend.HasVersionTable());
  RevisionIds heads;
  if (has_table) {
    REV_ASSIGN_OR_RETURN(heads, backend.ReadHeads());
  }
  REV_ASSIGN_OR_RETURN(fs::path file, Destination(request, heads, url.kind()));

  TemporaryFiles temporary;
  fs::path copy = temporary.Add(file);
  REV_RETURN_IF_ERROR(CreatePrivateFile(copy));
  REV_RETURN_IF_ERROR(MakeCopy(url, copy, request));
  // The copy is synced to disk while it is hashed: both only read it, and together they
  // take the longer one's time, not the sum.
  std::future<Status> synced =
      std::async(std::launch::async, [&copy] { return Sync(copy, false); });
  // SQLite: the heads the copy itself holds. The lock kept other revs out; a person may
  // still have written the version table by hand.
  if (url.kind() == backends::DatabaseKind::kSqlite) {
    REV_ASSIGN_OR_RETURN(heads, HeadsOfCopy(copy, options));
  }

  BackupResult result;
  result.file = file;
  result.manifest_file = ManifestPathFor(file);
  BackupManifest& manifest = result.manifest;
  manifest.file = file.filename().string();
  manifest.kind = backends::DatabaseKindName(url.kind());
  manifest.database = url.Redacted();
  manifest.heads = heads;
  manifest.created_at = backends::FormatTimestamp(std::chrono::system_clock::now());
  std::error_code error;
  manifest.size = fs::file_size(copy, error);
  if (error) return Status::Database("cannot read " + copy.string() + ": " + error.message());
  REV_ASSIGN_OR_RETURN(manifest.sha256, Sha256(copy, /*mapped=*/true, request.interrupted));
  manifest.rev_version = request.rev_version;
  REV_RETURN_IF_ERROR(synced.get());

  fs::path manifest_copy = temporary.Add(result.manifest_file);
  REV_RETURN_IF_ERROR(WriteText(manifest_copy, revisions::RenderBackupManifest(manifest)));
  // On a failure `temporary` removes whichever of the two was not moved.
  REV_RETURN_IF_ERROR(PlaceBackup(copy, manifest_copy, file, result.manifest_file));
  temporary.Keep();
  REV_RETURN_IF_ERROR(Sync(file.parent_path(), true));
  return result;
}

Result<BackupResult> BackupDatabase(const backends::DatabaseUrl& url,
                                    const backends::BackendOptions& options,
                                    const BackupRequest& request) {
  REV_RETURN_IF_ERROR(CheckCanBackUp(url, request));
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Backend> backend,
                       backends::OpenBackend(url, options, true));
  REV_RETURN_IF_ERROR(backend->AcquireMigrationLock(request.lock_timeout));
  Result<BackupResult> result = CreateBackup(*backend, url, options, request);
  Status released = backend->ReleaseMigrationLock();
  if (result.ok() && !released.ok()) return released;
  return result;
}

}  // namespace rev::engine::operations
