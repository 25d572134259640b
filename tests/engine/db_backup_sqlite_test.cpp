// SQLite's side of backups: a consistent copy while another connection writes, a WAL
// database's backup that opens without side files, a restore under an open connection, and
// a target that is not a database (read from the journal, or `head` after confirmation).
#include <atomic>
#include <thread>

#include "engine/backends/sqlite_backup.h"
#include "tests/support/backup_fixtures.h"
#include "tests/support/exit_checks.h"
#include "tests/support/run_process.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::operations::ReplayJob;
using engine::operations::TargetSource;
namespace fs = std::filesystem;

std::string Sqlite(const fs::path& file, const std::string& sql) {
  ProcessResult result = RunProcess({"sqlite3", "-batch", "-bail", file.string(), sql});
  INFO(sql);
  REV_REQUIRE_EXIT(result, 0);
  return result.out;
}

// About 40 MB of rows, so the copy takes several chunks.
void Fill(const TestDatabase& db, const std::string& journal_mode) {
  Sqlite(db.sqlite_file(),
         "PRAGMA journal_mode=" + journal_mode +
             "; CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);"
             "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000)"
             " INSERT INTO blobs (data) SELECT randomblob(1000) FROM c;");
}

TEST_CASE("A SQLite backup is consistent while another connection writes") {
  auto mode = GENERATE(std::string("delete"), std::string("wal"));
  INFO(mode);
  TestDatabase db(DatabaseKind::kSqlite);
  Fill(db, mode);
  auto writer = db.Open();
  std::atomic<bool> done{false};
  std::atomic<int> written{0};
  std::thread writing([&] {
    while (!done.load()) {
      Status status = writer->ExecuteScript(
          "BEGIN IMMEDIATE; INSERT INTO blobs (data) VALUES (randomblob(1000));"
          " INSERT INTO blobs (data) VALUES (randomblob(1000)); COMMIT;",
          {"writer", 1});
      if (status.ok()) written += 2;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // an application's pace
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  engine::operations::BackupRequest request;
  request.folder = db.folder() / "backups";
  request.lock_timeout = std::chrono::seconds(10);
  auto result = engine::operations::BackupDatabase(db.url(), {}, request);
  done.store(true);
  writing.join();
  Require(result.status());
  const engine::operations::BackupResult& backup = *result;

  CHECK(Sqlite(backup.file, "PRAGMA integrity_check") == "ok\n");
  CHECK(Sqlite(backup.file, "PRAGMA journal_mode") == "delete\n");
  // Every row written by a committed transaction, none torn: an even count in range.
  int rows = std::stoi(Sqlite(backup.file, "SELECT count(*) FROM blobs"));
  CHECK(rows >= 40000);
  CHECK(rows <= 40000 + written.load());
  CHECK(rows % 2 == 0);
  CHECK(written.load() > 0);
  // The backup opens read-only and leaves no side files behind.
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    CHECK_FALSE(fs::exists(backup.file.string() + suffix));
  }
}

TEST_CASE("A SQLite restore reaches a connection that stays open") {
  ChainAt c(DatabaseKind::kSqlite, "b");
  fs::path backup = BackupOf(c.db).file;
  Upgrade(c.db, *c.backend, c.graph, "c");
  auto reader = c.db.Open({}, /*create=*/false);
  CHECK(Heads(*reader) == Names{"c"});
  auto job = c.PrepareRestore(backup, "none");
  Require(job.status());
  Require((*job)->Run(nullptr, nullptr));
  job->reset();
  CHECK(Heads(*reader) == Names{"b"});
  CHECK(Sqlite(c.db.sqlite_file(), "PRAGMA integrity_check") == "ok\n");
}

TEST_CASE("A database that cannot be read before the restore: the journal's heads, else head") {
  ChainAt c(DatabaseKind::kSqlite, "b");
  AddItems(c.db, 1, 4);
  c.Close();
  TestDatabase& db = c.db;
  const engine::RevisionGraph& graph = c.graph;
  Digest at_backup = DigestOf(db);
  fs::path backup = BackupOf(db).file;
  {
    auto backend = db.Open();
    Upgrade(db, *backend, graph, "d");  // the journal's last heads: d
  }
  WriteFile(db.sqlite_file(), std::string(8192, 'x'));  // no longer a database
  WriteFile(db.sqlite_file().string() + "-journal", "a journal of the old content");

  SECTION("the journal knows the heads") {
    auto backend = db.Open();
    auto job = ReplayJob::PrepareRestore(*backend, db.url(), {}, graph, RequestFor(db, backup));
    Require(job.status());
    const auto& preview = (*job)->preview();
    CHECK_FALSE(preview.heads_before.has_value());
    CHECK_THAT(preview.unreadable_reason, Catch::Contains("not a database"));
    CHECK(preview.source == TargetSource::kJournal);
    CHECK(StepNames(preview.plan) == Names{"c", "d"});
    Require((*job)->Run(nullptr, nullptr));
    job->reset();
    CHECK(Heads(*backend) == Names{"d"});
  }
  SECTION("no journal: head, for a person to confirm") {
    fs::remove(engine::operations::JournalPath(db.folder()));
    auto backend = db.Open();
    auto job = ReplayJob::PrepareRestore(*backend, db.url(), {}, graph, RequestFor(db, backup));
    Require(job.status());
    const auto& preview = (*job)->preview();
    CHECK(preview.source == TargetSource::kHeadFallback);
    CHECK(StepNames(preview.plan) == Names{"c", "d", "e"});
    std::string notes;
    for (const std::string& note : preview.notes) notes += note + "\n";
    CHECK_THAT(notes, Catch::Contains("no journal") && Catch::Contains("replaying to head"));
    Require((*job)->Run(nullptr, nullptr));
    job->reset();
    CHECK(Heads(*backend) == Names{"e"});
  }
  CHECK(DigestOf(db) == at_backup);
  CHECK_FALSE(fs::exists(db.sqlite_file().string() + "-journal"));
  CHECK(Sqlite(db.sqlite_file(), "PRAGMA integrity_check") == "ok\n");
}

TEST_CASE("A SQLite backup that opens but lies about its heads is refused") {
  ChainAt c(DatabaseKind::kSqlite, "b");
  engine::operations::BackupResult backup = BackupOf(c.db);
  // A copy whose version table says c, under a manifest rewritten to match its hash.
  Sqlite(backup.file, "UPDATE rev_version SET version_num = 'c'");
  auto manifest = engine::operations::ReadManifest(backup.file);
  manifest->sha256 = *engine::operations::Sha256OfFile(backup.file);
  manifest->size = fs::file_size(backup.file);
  WriteFile(backup.manifest_file, revisions::RenderBackupManifest(*manifest));
  auto job = c.PrepareRestore(backup.file);
  REQUIRE_FALSE(job.ok());
  CHECK(job.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(job.status().message(), Catch::Contains("its manifest says b"));
}

}  // namespace
}  // namespace rev::testing
