// The scan cache (revisions/scan_cache.h): a second scan takes unchanged files from it and
// gives exactly what reading them gives; anything changed, unsettled, damaged or bad is
// read again, and bad input leaves nothing to write.
#include "revisions/scan_cache.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "revisions/revision_folder.h"
#include "tests/support/revision_spec.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

namespace fs = std::filesystem;
using revisions::FolderScan;
using revisions::ScanOptions;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr int64_t kMinute = 60'000'000'000;

// Revision `id` after `down` (empty: a base) upgrading with `sql`, with an unknown header
// key (a warning) and `extra` header lines.
std::string Text(const std::string& id, const std::string& down, const std::string& sql,
                 const Names& extra = {}) {
  Rev rev = Rev(id, down.empty() ? Names{} : Names{down}).Message("m").Header("colour: blue");
  for (const std::string& line : extra) rev.Header(line);
  return RevisionText(rev.Sql(sql, "SELECT 0;"));
}

// A folder of three revisions (one with an unknown header key: a warning), and a cache.
class CachedFolder {
 public:
  CachedFolder() {
    fs::create_directories(folder());
    // A squashed revision: what it replaces is kept in the cache too.
    WriteFile(folder() / "a1_x.sql", Text("a1", "", "SELECT 1;", {"replaces: [z8, z9]"}));
    WriteFile(folder() / "b2_x.sql", Text("b2", "a1", "SELECT 2;"));
    WriteFile(folder() / "c3_x.sql", Text("c3", "b2", "SELECT 3;"));
  }
  fs::path folder() const { return dir_ / "revisions"; }
  fs::path cache() const { return dir_ / ".rev" / "scan-cache"; }

  // A scan `later_ns` after now, writing the cache it refreshes (as a successful command
  // does).
  FolderScan Scan(int64_t later_ns = kMinute, bool checksums = true, bool sections = true) const {
    ScanOptions options;
    options.checksums = checksums;
    options.sections = sections;
    options.cache = cache();
    options.now_ns = NowNs() + later_ns;
    auto scan = revisions::ScanRevisionFolder(folder(), "revisions/", options);
    REQUIRE(scan.ok());
    if (scan->cache_update) {
      REQUIRE(revisions::WriteScanCache(scan->cache_update->file, scan->cache_update->bytes).ok());
    }
    return std::move(scan).value();
  }
  // A scan that leaves the cache as it is.
  FolderScan ScanOnly(bool sections) const {
    ScanOptions options;
    options.sections = sections;
    options.cache = cache();
    options.now_ns = NowNs() + kMinute;
    auto scan = revisions::ScanRevisionFolder(folder(), "revisions/", options);
    REQUIRE(scan.ok());
    return std::move(scan).value();
  }
  // The same folder read without any cache.
  FolderScan Uncached() const {
    auto scan = revisions::ScanRevisionFolder(folder(), "revisions/");
    REQUIRE(scan.ok());
    return std::move(scan).value();
  }

 private:
  TempDir dir_;
};

// Everything a scan says about each revision, as text, for comparison.
std::vector<std::string> Describe(const FolderScan& scan) {
  std::vector<std::string> lines;
  for (const auto& r : scan.revisions) {
    std::string line = r.id().str() + "|" + r.path() + "|" + r.message() + "|" + r.created_at() +
                       "|" + r.upgrade_sql() + "|" + r.downgrade_sql().value_or("<none>") + "|" +
                       r.checksum().hex() + "|" + std::to_string(r.transactional()) + "|" +
                       std::to_string(r.lines().upgrade_marker) + "|" +
                       std::to_string(r.lines().downgrade_marker) + "|" +
                       std::to_string(static_cast<int>(r.upgrade_content())) + "|" +
                       std::to_string(r.has_downgrade());
    for (const auto& parent : r.down_revisions()) line += "|down:" + parent.str();
    for (const auto& replaced : r.replaces()) line += "|replaces:" + replaced.str();
    line += "|" + std::to_string(r.lines().replaces);
    lines.push_back(line);
  }
  for (const auto& notice : scan.warnings) {
    lines.push_back(notice.code + "|" + notice.location.ToString() + "|" + notice.message);
  }
  return lines;
}

TEST_CASE("a second scan takes every unchanged file from the cache, and says the same",
          "[scan_cache]") {
  CachedFolder f;
  FolderScan first = f.Scan();
  CHECK(first.files_read == 3);
  REQUIRE(fs::exists(f.cache()));
  CHECK(fs::exists(f.cache().parent_path() / ".gitignore"));
  FolderScan second = f.Scan();
  CHECK(second.files_read == 0);
  CHECK_FALSE(second.cache_update);  // nothing changed: nothing to write
  CHECK(Describe(second) == Describe(f.Uncached()));
  CHECK(second.warnings.size() == 3);  // the unknown key, once per file
  REQUIRE(second.revisions.front().replaces().size() == 2);
  CHECK(second.revisions.front().replaces().back().str() == "z9");
}

TEST_CASE("a changed file is read again, even with its size and mtime put back", "[scan_cache]") {
  CachedFolder f;
  f.Scan();
  fs::path b2 = f.folder() / "b2_x.sql";
  struct stat before;
  REQUIRE(stat(b2.c_str(), &before) == 0);
  WriteFile(b2, Text("b2", "a1", "SELECT 9;"));  // same size
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  REQUIRE(utimensat(AT_FDCWD, b2.c_str(), times, 0) == 0);  // mtime as it was: ctime moves
  FolderScan scan = f.Scan();
  CHECK(scan.files_read == 1);
  CHECK(Describe(scan) == Describe(f.Uncached()));
  CHECK(scan.revisions[1].upgrade_sql().find("SELECT 9;") != std::string::npos);

  fs::remove(f.folder() / "c3_x.sql");
  WriteFile(f.folder() / "d4_x.sql", Text("d4", "b2", "SELECT 4;"));
  scan = f.Scan();
  CHECK(scan.files_read == 1);
  CHECK(Describe(scan) == Describe(f.Uncached()));
}

TEST_CASE("files changed just before a scan are not stored", "[scan_cache]") {
  CachedFolder f;
  FolderScan now = f.Scan(/*later_ns=*/0);
  CHECK(now.files_read == 3);
  CHECK(f.Scan(0).files_read == 3);  // still unsettled: read again
  CHECK(f.Scan(kMinute).files_read == 3);
  CHECK(f.Scan(kMinute).files_read == 0);
}

TEST_CASE("a damaged cache, or one of another folder view, is ignored", "[scan_cache]") {
  CachedFolder f;
  f.Scan();
  std::string bytes = ReadFile(f.cache());
  REQUIRE(bytes.size() > 100);
  for (size_t keep : {size_t{0}, size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    WriteFile(f.cache(), bytes.substr(0, keep));
    FolderScan scan = f.Scan();
    CHECK(scan.files_read == 3);
    CHECK(Describe(scan) == Describe(f.Uncached()));
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 0x5a);
  WriteFile(f.cache(), flipped);
  CHECK(Describe(f.Scan()) == Describe(f.Uncached()));

  // The same folder shown with another prefix (rev run from another folder).
  ScanOptions options;
  options.cache = f.cache();
  options.now_ns = NowNs() + kMinute;
  auto other = revisions::ScanRevisionFolder(f.folder(), "../revisions/", options);
  REQUIRE(other.ok());
  CHECK(other->files_read == 3);
  CHECK(other->revisions[0].path() == "../revisions/a1_x.sql");
}

TEST_CASE("no damaged byte of a cache is trusted: a scan says what the files say", "[scan_cache]") {
  CachedFolder f;
  f.Scan();
  const std::string bytes = ReadFile(f.cache());
  const std::vector<std::string> truth = Describe(f.Uncached());
  REQUIRE(Describe(f.ScanOnly(/*sections=*/true)) == truth);
  const FolderScan headers = f.ScanOnly(/*sections=*/false);
  // Every third byte: each 8-byte word of the file (the unit the cache's hash reads) is
  // damaged at least twice, and a run stays short.
  for (size_t at = 0; at < bytes.size(); at += 3) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    WriteFile(f.cache(), damaged);
    INFO("byte " << at << " of " << bytes.size() << " flipped");
    CHECK(Describe(f.ScanOnly(/*sections=*/true)) == truth);
    CHECK(Describe(f.ScanOnly(/*sections=*/false)) == Describe(headers));
  }
}

TEST_CASE("a cache whose SQL is damaged still serves commands that run none, and never its SQL",
          "[scan_cache]") {
  CachedFolder f;
  f.Scan();
  std::string damaged = ReadFile(f.cache());
  REQUIRE(damaged.substr(damaged.size() - 10) == "SELECT 0;\n");  // the last downgrade section
  damaged[damaged.size() - 3] = '7';
  WriteFile(f.cache(), damaged);

  FolderScan headers = f.Scan(kMinute, /*checksums=*/true, /*sections=*/false);
  CHECK(headers.files_read == 0);  // the table and the fields are whole
  // A changed file makes the cache rewritten: the damaged SQL is not carried over.
  WriteFile(f.folder() / "b2_x.sql", Text("b2", "a1", "SELECT 22;"));
  headers = f.Scan(kMinute, /*checksums=*/true, /*sections=*/false);
  CHECK(headers.files_read == 1);
  FolderScan full = f.Scan(kMinute, /*checksums=*/true, /*sections=*/true);
  CHECK(full.files_read == 3);
  CHECK(Describe(full) == Describe(f.Uncached()));
  CHECK(full.revisions[2].downgrade_sql() == "SELECT 0;\n");
  CHECK(f.Scan(kMinute, true, true).files_read == 0);
}

TEST_CASE("a file hashed for no command is hashed when a command needs its checksum",
          "[scan_cache]") {
  CachedFolder f;
  FolderScan offline = f.Scan(kMinute, /*checksums=*/false);
  CHECK(offline.revisions[0].checksum().empty());
  CHECK(f.Scan(kMinute, false).files_read == 0);
  FolderScan online = f.Scan(kMinute, /*checksums=*/true);
  CHECK(online.files_read == 3);
  CHECK(Describe(online) == Describe(f.Uncached()));
  CHECK(f.Scan(kMinute, true).files_read == 0);
  CHECK(f.Scan(kMinute, false).files_read == 0);  // a checksum is no harm
}

TEST_CASE("a scan that needs less keeps what an earlier scan stored of the unchanged files",
          "[scan_cache]") {
  CachedFolder f;
  f.Scan(kMinute, /*checksums=*/true, /*sections=*/true);
  WriteFile(f.folder() / "b2_x.sql", Text("b2", "a1", "SELECT 22;"));
  // A header-only command (rev heads, rev validate) reads the changed file and rewrites
  // the cache...
  FolderScan headers = f.Scan(kMinute, /*checksums=*/false, /*sections=*/false);
  CHECK(headers.files_read == 1);
  CHECK(headers.revisions[0].upgrade_sql().empty());
  // ...and the next command that runs SQL reads only that file again, not all of them.
  FolderScan full = f.Scan(kMinute, /*checksums=*/true, /*sections=*/true);
  CHECK(full.files_read == 1);
  CHECK(Describe(full) == Describe(f.Uncached()));
  CHECK(f.Scan(kMinute, true, true).files_read == 0);
}

TEST_CASE("what each upgrade section holds comes back from the cache", "[scan_cache]") {
  CachedFolder f;
  WriteFile(f.folder() / "b2_x.sql", Text("b2", "a1", "-- only PostgreSQL changed"));
  WriteFile(f.folder() / "c3_x.sql", Text("c3", "b2", "\n  \n"));
  for (bool sections : {false, true}) {
    f.Scan(kMinute, true, sections);
    FolderScan cached = f.Scan(kMinute, true, sections);
    CHECK(cached.files_read == 0);
    REQUIRE(cached.revisions.size() == 3);
    CHECK(cached.revisions[0].upgrade_content() == revisions::SectionContent::kSql);
    CHECK(cached.revisions[1].upgrade_content() == revisions::SectionContent::kCommentsOnly);
    CHECK(cached.revisions[2].upgrade_content() == revisions::SectionContent::kEmpty);
    CHECK(cached.revisions[2].upgrade_left_empty());
    CHECK_FALSE(cached.revisions[1].upgrade_left_empty());
  }
}

TEST_CASE("a folder with a malformed file leaves no cache to write", "[scan_cache]") {
  CachedFolder f;
  WriteFile(f.folder() / "z9_bad.sql", "-- revision: z9\nno marker\n");
  ScanOptions options;
  options.cache = f.cache();
  options.now_ns = NowNs() + kMinute;
  auto scan = revisions::ScanRevisionFolder(f.folder(), "revisions/", options);
  REQUIRE(scan.ok());
  CHECK(scan->errors.size() == 1);
  CHECK_FALSE(scan->cache_update);
}

}  // namespace
}  // namespace rev::testing
