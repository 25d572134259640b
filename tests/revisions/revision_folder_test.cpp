// ScanRevisionFolder: every *.sql file read, sorted, every error collected.
#include "revisions/revision_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "tests/support/revision_spec.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

using revisions::FolderScan;

FolderScan MustScan(const std::filesystem::path& folder) {
  auto scan = revisions::ScanRevisionFolder(folder, "revisions/");
  if (!scan.ok()) FAIL(scan.status().ToString());
  return std::move(scan).value();
}

std::vector<std::string> Paths(const FolderScan& scan) {
  std::vector<std::string> paths;
  for (const auto& revision : scan.revisions) paths.push_back(revision.path());
  return paths;
}

std::vector<std::string> ErrorTexts(const FolderScan& scan) {
  std::vector<std::string> texts;
  for (const Status& error : scan.errors) texts.push_back(error.ToString());
  return texts;
}

TEST_CASE("revisions come back sorted by path with display paths", "[folder]") {
  TempDir dir;
  WriteFile(dir / "c_third.sql", RevisionText({"ccc", {"bbb"}}));
  WriteFile(dir / "a_first.sql", RevisionText("aaa"));
  WriteFile(dir / "b_second.sql", RevisionText({"bbb", {"aaa"}}));
  FolderScan scan = MustScan(dir.path());
  CHECK(scan.errors.empty());
  CHECK(scan.warnings.empty());
  CHECK(Paths(scan) == std::vector<std::string>{"revisions/a_first.sql", "revisions/b_second.sql",
                                                "revisions/c_third.sql"});
  CHECK(scan.revisions[1].id().str() == "bbb");
  CHECK(scan.revisions[1].down_revisions().front().str() == "aaa");
}

TEST_CASE("every bad file is reported, not only the first", "[folder]") {
  TempDir dir;
  WriteFile(dir / "1_ok.sql", RevisionText("one"));
  WriteFile(dir / "2_no_marker.sql", "-- revision: two\n-- down_revision: null\n");
  WriteFile(dir / "3_ok.sql", RevisionText({"three", {"one"}}));
  WriteFile(dir / "4_bad_id.sql", RevisionText("bad-id"));
  WriteFile(dir / "5_empty.sql", "");
  WriteFile(dir / "6_warn.sql", RevisionText(Rev("six", {"three"}).Header("owner: me")));
  FolderScan scan = MustScan(dir.path());
  CHECK(Paths(scan) == std::vector<std::string>{"revisions/1_ok.sql", "revisions/3_ok.sql",
                                                "revisions/6_warn.sql"});
  std::vector<std::string> errors = ErrorTexts(scan);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].rfind("revisions/2_no_marker.sql:2: ", 0) == 0);
  CHECK(errors[1].rfind("revisions/4_bad_id.sql:1: ", 0) == 0);
  CHECK(errors[2].rfind("revisions/5_empty.sql:1: ", 0) == 0);
  REQUIRE(scan.warnings.size() == 1);
  // Line 4: after revision, down_revision and message.
  CHECK(scan.warnings[0].location.ToString() == "revisions/6_warn.sql:4");
}

TEST_CASE("hidden files, other extensions and folders are left out", "[folder]") {
  TempDir dir;
  WriteFile(dir / "a.sql", RevisionText("aaa"));
  WriteFile(dir / ".hidden.sql", "not a revision");
  WriteFile(dir / ".#a.sql", "an editor's lock file");
  WriteFile(dir / "notes.txt", "not a revision");
  WriteFile(dir / "b.sql.orig", "not a revision");
  WriteFile(dir / "b.SQL", "not a revision");
  WriteFile(dir / ".sql", "a hidden file named .sql");
  WriteFile(dir / "README", "");
  WriteFile(dir / "sub/c.sql", RevisionText("ccc"));  // only the folder itself is read
  std::filesystem::create_directories(dir / "folder.sql");
  FolderScan scan = MustScan(dir.path());
  CHECK(Paths(scan) == std::vector<std::string>{"revisions/a.sql"});
  CHECK(ErrorTexts(scan).empty());
}

TEST_CASE("an empty folder is an empty scan", "[folder]") {
  TempDir dir;
  FolderScan scan = MustScan(dir.path());
  CHECK(scan.revisions.empty());
  CHECK(scan.errors.empty());
}

TEST_CASE("a missing folder, or a file in its place, is an error", "[folder]") {
  TempDir dir;
  auto missing = revisions::ScanRevisionFolder(dir / "nope", "nope/");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kInvalidInput);
  CHECK(missing.status().message().find("does not exist") != std::string::npos);
  CHECK(missing.status().message().find((dir / "nope").string()) != std::string::npos);
  CHECK(missing.status().hint().find("rev init") != std::string::npos);

  WriteFile(dir / "file", "x");
  auto not_folder = revisions::ScanRevisionFolder(dir / "file", "file/");
  REQUIRE_FALSE(not_folder.ok());
  CHECK(not_folder.status().message().find("is not a folder") != std::string::npos);
}

TEST_CASE("files that cannot be read are errors, for root too", "[folder]") {
  TempDir dir;
  WriteFile(dir / "a.sql", RevisionText("aaa"));
  std::filesystem::create_symlink(dir / "gone.sql", dir / "dangling.sql");
  std::filesystem::create_directories(dir / "target_dir");
  std::filesystem::create_symlink(dir / "target_dir", dir / "dir_link.sql");
  FolderScan scan = MustScan(dir.path());
  CHECK(Paths(scan) == std::vector<std::string>{"revisions/a.sql"});
  std::vector<std::string> errors = ErrorTexts(scan);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].find("cannot read revisions/dangling.sql") != std::string::npos);
  CHECK(errors[1].find("cannot read revisions/dir_link.sql") != std::string::npos);
  CHECK(errors[1].find("directory") != std::string::npos);
}

TEST_CASE("a FIFO named *.sql does not block the scan", "[folder]") {
  TempDir dir;
  WriteFile(dir / "a.sql", RevisionText("aaa"));
  REQUIRE(mkfifo((dir / "pipe.sql").c_str(), 0600) == 0);
  std::filesystem::create_symlink(dir / "pipe.sql", dir / "pipe_link.sql");
  FolderScan scan = MustScan(dir.path());
  CHECK(Paths(scan) == std::vector<std::string>{"revisions/a.sql"});
  // Listed through the symlink, it reads as empty and is reported, not waited on.
  REQUIRE(scan.errors.size() == 1);
  CHECK(scan.errors[0].ToString().rfind("revisions/pipe_link.sql:1:", 0) == 0);
}

// A file without read permission is an error. Root reads such files anyway, so when the
// tests run as root the scan is done with the effective uid of `nobody`; where that is not
// possible the check is not made (and a warning says so).
TEST_CASE("a file without read permission is an error (as nobody when run as root)", "[folder]") {
  TempDir dir;
  WriteFile(dir / "a.sql", RevisionText("aaa"));
  WriteFile(dir / "locked.sql", RevisionText("locked"));
  std::filesystem::permissions(dir / "locked.sql", std::filesystem::perms::none);
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                      std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                      std::filesystem::perms::others_exec);
  const uid_t nobody = 65534;
  bool as_nobody = geteuid() == 0;
  if (as_nobody && seteuid(nobody) != 0) {
    WARN("running as root without the right to change uid: the permission error is not checked");
    return;
  }
  bool listable = faccessat(AT_FDCWD, dir.path().c_str(), R_OK | X_OK, AT_EACCESS) == 0;
  auto scan = revisions::ScanRevisionFolder(dir.path(), "revisions/");
  if (as_nobody) REQUIRE(seteuid(0) == 0);
  if (!listable) {
    WARN("the temp folder's parents are closed to uid " << nobody << ": not checked");
    return;
  }
  REQUIRE(scan.ok());
  CHECK(Paths(*scan) == std::vector<std::string>{"revisions/a.sql"});
  std::vector<std::string> errors = ErrorTexts(*scan);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("cannot read revisions/locked.sql: Permission denied") != std::string::npos);
}

TEST_CASE("1,000 files of random bytes: each an error, no crash", "[folder]") {
  TempDir dir;
  std::mt19937 random(1000);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 2000);
  for (int i = 0; i < 1000; ++i) {
    std::string bytes(static_cast<size_t>(length(random)), '\0');
    for (char& c : bytes) c = static_cast<char>(byte(random));
    char name[32];
    std::snprintf(name, sizeof name, "%04d_random.sql", i);
    WriteFile(dir / name, bytes);
  }
  FolderScan scan = MustScan(dir.path());
  CHECK(scan.revisions.empty());
  REQUIRE(scan.errors.size() == 1000);
  for (size_t i = 0; i < scan.errors.size(); ++i) {
    char prefix[48];
    std::snprintf(prefix, sizeof prefix, "revisions/%04zu_random.sql:", i);
    INFO(scan.errors[i].ToString());
    REQUIRE(scan.errors[i].code() == StatusCode::kInvalidInput);
    REQUIRE(scan.errors[i].ToString().rfind(prefix, 0) == 0);
  }
}

TEST_CASE("thousands of files are read in parallel and still sorted", "[folder]") {
  TempDir dir;
  const int count = 4500;  // more than one thread's share
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "%05d.sql", count - 1 - i);
    WriteFile(dir / name, RevisionText("r" + std::to_string(count - 1 - i)));
  }
  WriteFile(dir / "02000.sql", "broken");  // replaces one, in the middle
  FolderScan scan = MustScan(dir.path());
  REQUIRE(scan.revisions.size() == count - 1);
  REQUIRE(scan.errors.size() == 1);
  CHECK(scan.errors[0].ToString().rfind("revisions/02000.sql:1:", 0) == 0);
  for (size_t i = 1; i < scan.revisions.size(); ++i) {
    REQUIRE(scan.revisions[i - 1].path() < scan.revisions[i].path());
  }
  CHECK(scan.revisions.front().id().str() == "r0");
  CHECK(scan.revisions.back().id().str() == "r" + std::to_string(count - 1));
}

TEST_CASE("a 50 MB revision file parses without a hang", "[folder]") {
  TempDir dir;
  std::string line = "INSERT INTO t VALUES (1, 'some text to fill the line up');\n";  // 58 bytes
  std::string text = RevisionText(Rev("big").Upgrade("").NoDowngrade());  // ends at the marker
  const int upgrade_marker = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  std::string sql;
  sql.reserve(50u << 20);
  while (sql.size() < (50u << 20)) sql += line;
  text += sql + "-- rev:downgrade\nDELETE FROM t;\n";
  WriteFile(dir / "big.sql", text);

  auto start = std::chrono::steady_clock::now();
  FolderScan scan = MustScan(dir.path());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(scan.revisions.size() == 1);
  CHECK(scan.revisions[0].upgrade_sql().size() == sql.size());
  CHECK(scan.revisions[0].downgrade_sql() == std::optional<std::string>("DELETE FROM t;\n"));
  CHECK(scan.revisions[0].lines().downgrade_marker ==
        upgrade_marker + static_cast<int>(sql.size() / line.size()) + 1);
  // One linear pass; generous enough for a sanitizer build on a busy machine.
  CHECK(seconds < 30);
}

TEST_CASE("ReadFileBytes reads whole files and names the path it cannot read", "[folder]") {
  TempDir dir;
  std::string bytes("a\0b\r\n\xFF", 6);
  WriteFile(dir / "f", bytes);
  auto read = revisions::ReadFileBytes(dir / "f", "shown/f");
  REQUIRE(read.ok());
  CHECK(*read == bytes);
  auto missing = revisions::ReadFileBytes(dir / "missing", "shown/missing");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message() == "cannot read shown/missing: No such file or directory");
}

}  // namespace
}  // namespace rev::testing
