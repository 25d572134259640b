// The migration lock and crashes, with real processes: one rev changes a database at a
// time, a second times out naming the holder, a killed rev never leaves the lock stuck,
// and a step cut short by kill -9 is either wholly absent (transactional) or reported as
// dirty (non-transactional), never run twice. Also SQLite's read-only opening.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"
#include "engine/planner.h"
#include "engine/target.h"
#include "tests/support/forked_child.h"
#include "tests/support/graph_literals.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::Direction;
using engine::backends::Backend;
using engine::backends::StepStatus;

struct ReadyOnStep : engine::operations::MigrationObserver {
  std::string revision;
  int fd = -1;
  void StepStarting(const engine::Step& step, const engine::Revision&) override {
    if (step.revision.str() == revision) SayReady(fd, true);
  }
  void StepFinished(const engine::Step&, const engine::Revision&, StepStatus,
                    std::chrono::milliseconds, const Status&) override {}
};

// In a child: opens the database and upgrades to head, telling the parent when the step of
// `revision` starts.
void UpgradeInChild(const TestDatabase& db, const std::string& revision, int fd) {
  auto backend = engine::backends::OpenBackend(db.url(), {}, true);
  if (!backend.ok() || !(*backend)->AcquireMigrationLock(std::chrono::seconds(5)).ok() ||
      !(*backend)->EnsureTables().ok()) {
    SayReady(fd, false);
    _exit(1);
  }
  auto graph = LoadGraph(db.folder());
  auto heads = (*backend)->ReadHeads();
  auto target = engine::ParseTarget("head");
  auto plan = engine::PlanUpgrade(graph, *heads, *target);
  ReadyOnStep observer;
  observer.revision = revision;
  observer.fd = fd;
  Status ignored =
      engine::operations::RunPlan(**backend, graph, *plan, TestOptions(), &observer, nullptr);
  (void)ignored;
  _exit(0);
}

// A statement still running when the child is killed 300 ms into it. PostgreSQL notices a
// vanished client only when the statement ends, so there it is kept short.
std::string LongSql(const TestDatabase& db) { return LongStatement(db.kind(), 2); }

TEST_CASE("A second rev waits for the lock, then fails naming the holder") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto first = db.Open();
  auto second = db.Open();
  Require(first->AcquireMigrationLock(std::chrono::seconds(5)));
  CHECK(*db.Open({}, false)->IsMigrationLockHeld());

  auto started = std::chrono::steady_clock::now();
  Status status = second->AcquireMigrationLock(std::chrono::milliseconds(300));
  auto waited = std::chrono::steady_clock::now() - started;
  REQUIRE(status.code() == StatusCode::kLockTimeout);
  CHECK(waited >= std::chrono::milliseconds(300));
  CHECK(waited < std::chrono::seconds(5));
  if (db.is_sqlite()) {
    CHECK_THAT(status.message(), Catch::Contains("pid " + std::to_string(getpid())));
  }

  Require(first->ReleaseMigrationLock());
  Require(second->AcquireMigrationLock(std::chrono::seconds(1)));
  Require(second->ReleaseMigrationLock());
  CHECK_FALSE(*db.Open({}, false)->IsMigrationLockHeld());
}

TEST_CASE("A lock held by a killed process is free again") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  Require(db.Open()->ReadHeads().status());  // SQLite: the file exists before the child runs
  auto holder = LockHolder(db);
  REQUIRE(holder->WaitReady());
  auto waiter = db.Open();
  Status status = waiter->AcquireMigrationLock(std::chrono::milliseconds(200));
  REQUIRE(status.code() == StatusCode::kLockTimeout);
  if (db.is_sqlite()) {
    CHECK_THAT(status.message(), Catch::Contains("pid " + std::to_string(holder->pid())));
  }

  holder->Kill();
  auto started = std::chrono::steady_clock::now();
  Require(waiter->AcquireMigrationLock(std::chrono::seconds(10)));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

TEST_CASE("A runner that must wait for the lock is told once who holds it") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  Require(db.Open()->ReadHeads().status());  // SQLite: the file exists before the child runs
  std::vector<engine::backends::LockWait> told;
  engine::backends::BackendOptions options;
  options.on_lock_wait = [&](const engine::backends::LockWait& wait) { told.push_back(wait); };

  // A free lock, taken at once: nothing to tell.
  auto waiter = db.Open(options);
  Require(waiter->AcquireMigrationLock(std::chrono::seconds(1)));
  Require(waiter->ReleaseMigrationLock());
  CHECK(told.empty());

  auto holder = LockHolder(db);
  REQUIRE(holder->WaitReady());
  // Not allowed to wait: nothing to tell either, the error names the holder.
  CHECK(waiter->AcquireMigrationLock(std::chrono::milliseconds(0)).code() ==
        StatusCode::kLockTimeout);
  CHECK(told.empty());

  Status status = waiter->AcquireMigrationLock(std::chrono::milliseconds(1200));
  CHECK(status.code() == StatusCode::kLockTimeout);
  REQUIRE(told.size() == 1);  // once, for all the tries of that wait
  CHECK(told[0].timeout == std::chrono::milliseconds(1200));
  if (db.is_sqlite()) {
    char host[256] = {};
    REQUIRE(gethostname(host, sizeof host - 1) == 0);
    CHECK_THAT(told[0].holder, Catch::StartsWith("pid " + std::to_string(holder->pid()) + " on " +
                                                 host + " since "));
  } else {
    auto holder_pid = db.Query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())");
    REQUIRE(holder_pid.size() == 1);
    CHECK_THAT(told[0].holder, Catch::StartsWith("pid " + holder_pid[0] + ", application_name"));
  }

  // The next wait is told again; it ends when the holder does.
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    holder->Kill();
  });
  Status taken = waiter->AcquireMigrationLock(std::chrono::seconds(10));
  killer.join();
  Require(taken);
  CHECK(told.size() == 2);
}

// Writes `revisions` into `db`'s folder and upgrades to head in a forked child, killed with
// SIGKILL 300 ms into the step of the revision named "long".
void KillDuringLongStep(const TestDatabase& db, const std::vector<Rev>& revisions) {
  WriteRevisions(db.folder(), revisions);
  ForkedChild migrating([&](int fd) { UpgradeInChild(db, "long", fd); });
  REQUIRE(migrating.WaitReady());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  migrating.Kill();
}

TEST_CASE("kill -9 during a transactional step leaves nothing of it, it runs once later") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  std::vector<Rev> specs = {
      {"a", {}, "CREATE TABLE ta (x INTEGER);", "DROP TABLE ta;"},
      {"long",
       {"a"},
       "CREATE TABLE long_t (x INTEGER);\nINSERT INTO long_t VALUES (1);\n" + LongSql(db),
       "DROP TABLE long_t;"}};
  KillDuringLongStep(db, specs);
  auto backend = db.Open();
  CHECK(Heads(*backend) == Names{"a"});
  CHECK_FALSE(db.HasTable("long_t"));
  CHECK(HistoryLines(*backend) == Names{"a upgrade applied"});
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());

  specs[1].upgrade = "CREATE TABLE long_t (x INTEGER);\nINSERT INTO long_t VALUES (1);";
  auto graph = WriteGraph(db.folder(), specs);
  Require(Migrate(*backend, graph, Direction::kUpgrade, "head"));
  CHECK(Heads(*backend) == Names{"long"});
  CHECK(db.Query("SELECT count(*) FROM long_t") == Names{"1"});
  CHECK(HistoryLines(*backend) == Names{"a upgrade applied", "long upgrade applied"});
}

TEST_CASE("kill -9 during a non-transactional step leaves the database dirty until stamped") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  std::vector<Rev> specs = {
      {"a", {}, "CREATE TABLE ta (x INTEGER);", "DROP TABLE ta;"},
      Rev("long", {"a"}, "CREATE TABLE long_t (x INTEGER);\n" + LongSql(db), "DROP TABLE long_t;")
          .NonTransactional()};
  KillDuringLongStep(db, specs);
  auto backend = db.Open();
  auto graph = LoadGraph(db.folder());
  CHECK(Heads(*backend) == Names{"a"});
  // SQLite: free at once. PostgreSQL: when the server sees its client gone (statement end).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (*backend->IsMigrationLockHeld() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK_FALSE(*backend->IsMigrationLockHeld());
  auto dirty = backend->ReadDirtyStep();
  REQUIRE(dirty->has_value());
  CHECK((*dirty)->revision == "long");
  CHECK((*dirty)->status == StepStatus::kStarted);

  Status refused = Migrate(*backend, graph, Direction::kUpgrade, "head");
  CHECK(refused.code() == StatusCode::kRefused);
  CHECK_THAT(refused.message(), Catch::Contains("dirty"));
  CHECK(refused.location()->file == "revisions/long_revision_long.sql");

  // The person finds the step complete and stamps it.
  Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));
  Require(engine::operations::Stamp(*backend, graph, {*engine::RevisionId::Parse("long")}, false,
                                    TestOptions()));
  Require(backend->ReleaseMigrationLock());
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());
  CHECK(Heads(*backend) == Names{"long"});
  Require(Migrate(*backend, graph, Direction::kUpgrade, "head"));
}

struct FileSnapshot {
  std::vector<std::string> names;
  std::string bytes;
  int64_t mtime_ns = 0;
  bool operator==(const FileSnapshot& other) const {
    return names == other.names && bytes == other.bytes && mtime_ns == other.mtime_ns;
  }
};

FileSnapshot Snapshot(const TestDatabase& db) {
  FileSnapshot snapshot;
  for (const auto& entry : std::filesystem::directory_iterator(db.sqlite_file().parent_path())) {
    snapshot.names.push_back(entry.path().filename().string());
  }
  std::sort(snapshot.names.begin(), snapshot.names.end());
  snapshot.bytes = ReadFile(db.sqlite_file());
  struct stat info {};
  REQUIRE(stat(db.sqlite_file().c_str(), &info) == 0);
  snapshot.mtime_ns = int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec;
  return snapshot;
}

TEST_CASE("SQLite: reading opens the file read-only and writes nothing at all") {
  TestDatabase db(engine::backends::DatabaseKind::kSqlite);
  auto graph =
      WriteGraph(db.folder(), {{"a", {}, "CREATE TABLE ta (x INTEGER);", "DROP TABLE ta;"}});
  {
    auto writer = db.Open();
    Require(Migrate(*writer, graph, Direction::kUpgrade, "head"));
  }
  REQUIRE(chmod(db.sqlite_file().c_str(), 0444) == 0);
  FileSnapshot before = Snapshot(db);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // an mtime change would show
  {
    auto reader = db.Open({}, /*create=*/false);
    auto state = engine::operations::ReadDatabaseState(*reader);
    Require(state.status());
    CHECK(ToNames(state->heads) == Names{"a"});
    CHECK(state->applied.size() == 1);
    CHECK(reader->ReadHistory(0)->size() == 1);
    CHECK_FALSE(*reader->IsMigrationLockHeld());
    CHECK_FALSE(reader->AcquireMigrationLock(std::chrono::seconds(1)).ok());
    CHECK_FALSE(reader->Begin().ok());
    CHECK_FALSE(reader->ExecuteScript("CREATE TABLE x (y INTEGER);", {"x.sql", 1}).ok());
    CHECK_FALSE(reader->ReplaceHeads(Ids({})).ok());
  }
  CHECK(Snapshot(db) == before);
}

TEST_CASE("SQLite: an in-memory database needs no lock file") {
  TempDir dir;
  auto graph =
      WriteGraph(dir.path(), {{"a", {}, "CREATE TABLE ta (x INTEGER);", "DROP TABLE ta;"}});
  auto backend =
      engine::backends::OpenBackend(ParsedUrl("sqlite://:memory:", dir.path()), {}, true);
  Require(backend.status());
  Require(Migrate(**backend, graph, Direction::kUpgrade, "head"));
  CHECK(Heads(**backend) == Names{"a"});
  CHECK_FALSE(*(*backend)->IsMigrationLockHeld());
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    CHECK(entry.path().filename() == "revisions");
  }
}

}  // namespace
}  // namespace rev::testing
