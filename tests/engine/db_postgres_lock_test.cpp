// PostgreSQL's migration lock against a real server: a session-level advisory lock, polled
// (a waiting runner holds no transaction), named when it times out, released by the server
// when its holder dies, and taken back when rev's own connection is lost.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "engine/backends/postgres_lock.h"
#include "tests/support/forked_child.h"
#include "tests/support/graph_literals.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::backends::MigrationLockKey;
using namespace std::chrono_literals;

TEST_CASE("the lock key: rev's prefix, and one key per database, schema and version table",
          "[postgres][lock]") {
  auto key = MigrationLockKey("app", "public", "rev_version");
  CHECK(key.classid == engine::backends::kPgLockPrefix);
  CHECK(static_cast<uint64_t>(key.key) >> 32 == engine::backends::kPgLockPrefix);
  CHECK((static_cast<uint64_t>(key.key) & 0xffffffffu) == key.objid);
  CHECK(key.key == MigrationLockKey("app", "public", "rev_version").key);
  CHECK(key.key != MigrationLockKey("app2", "public", "rev_version").key);
  CHECK(key.key != MigrationLockKey("app", "other", "rev_version").key);
  CHECK(key.key != MigrationLockKey("app", "public", "alembic_version").key);
  CHECK(MigrationLockKey("ab", "c", "t").key != MigrationLockKey("a", "bc", "t").key);
}

TEST_CASE("PollForLock tries until the deadline, at least once", "[lock]") {
  int calls = 0;
  auto start = std::chrono::steady_clock::now();
  auto never = engine::backends::PollForLock(
      [&]() -> Result<bool> {
        ++calls;
        return false;
      },
      300ms);
  auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE(never.ok());
  CHECK(*never == false);
  CHECK(waited >= 300ms);
  CHECK(waited < 1500ms);
  CHECK(calls >= 3);
  calls = 0;
  auto at_once = engine::backends::PollForLock([&]() -> Result<bool> { return ++calls == 1; }, 0ms);
  CHECK(*at_once == true);
  CHECK(calls == 1);
}

TEST_CASE("PostgreSQL: a second runner times out naming the holder's pid and application_name",
          "[postgres][lock]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto holder = db.Open(Named("rev-holder"));
  auto waiter = db.Open(Named("rev-waiter"));
  CHECK(waiter->IsMigrationLockHeld().value() == false);
  REQUIRE(holder->AcquireMigrationLock(5s).ok());
  CHECK(holder->AcquireMigrationLock(5s).ok());  // held already: nothing to wait for
  CHECK(waiter->IsMigrationLockHeld().value());

  auto start = std::chrono::steady_clock::now();
  Status timeout = waiter->AcquireMigrationLock(700ms);
  auto waited = std::chrono::steady_clock::now() - start;
  INFO(timeout.ToString() << "\nhint: " << timeout.hint());
  CHECK(timeout.code() == StatusCode::kLockTimeout);
  CHECK(waited >= 700ms);
  CHECK(waited < 5s);
  const std::string pid = PidOf(db, "rev-holder");
  REQUIRE(pid != "");
  CHECK(timeout.message().find("pid " + pid) != std::string::npos);
  CHECK(timeout.message().find("application_name 'rev-holder'") != std::string::npos);
  CHECK(timeout.message().find("\"rev_version\"") != std::string::npos);
  CHECK(timeout.hint().find("--lock-timeout") != std::string::npos);

  // pg_locks shows rev's key, held by the holder's session only.
  auto key = MigrationLockKey(SplitUri(db.url_text()).dbname, "public", "rev_version");
  CHECK(db.Query("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = " +
                 std::to_string(key.classid) + " AND objid = " + std::to_string(key.objid) +
                 " AND objsubid = 1 AND granted") == std::vector<std::string>{pid});

  REQUIRE(holder->ReleaseMigrationLock().ok());
  CHECK(waiter->IsMigrationLockHeld().value() == false);
  CHECK(waiter->AcquireMigrationLock(2s).ok());
  CHECK(waiter->ReleaseMigrationLock().ok());
}

TEST_CASE("PostgreSQL: the lock of a process killed with SIGKILL is released", "[postgres][lock]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto holder = LockHolder(db, Named("rev-doomed"));
  CHECK(holder->WaitReady());
  auto other = db.Open(Named("rev-survivor"));
  CHECK(other->IsMigrationLockHeld().value());
  CHECK(other->AcquireMigrationLock(200ms).code() == StatusCode::kLockTimeout);

  REQUIRE(holder->Kill());
  Status taken = other->AcquireMigrationLock(10s);
  INFO(taken.ToString());
  CHECK(taken.ok());
}

TEST_CASE("PostgreSQL: a runner waiting for the lock holds no transaction open",
          "[postgres][lock]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto holder = db.Open(Named("rev-holder"));
  auto waiter = db.Open(Named("rev-waiter"));
  REQUIRE(holder->AcquireMigrationLock(5s).ok());
  auto waiting = std::async(std::launch::async, [&] { return waiter->AcquireMigrationLock(60s); });

  // The waiter's session, as the server sees it, over and over while it polls.
  int idle_samples = 0;
  std::vector<std::string> in_transaction;
  for (int i = 0; i < 15; ++i) {
    std::this_thread::sleep_for(100ms);
    for (const std::string& state : PsqlRows(
             db.url_text(),
             "SELECT state || '|' || (backend_xid IS NULL) || '|' || (xact_start IS NULL) FROM "
             "pg_stat_activity WHERE application_name = 'rev-waiter' AND datname = "
             "current_database()")) {
      if (state == "idle|true|true") ++idle_samples;
      if (state.rfind("idle in transaction", 0) == 0) in_transaction.push_back(state);
    }
  }
  CHECK(in_transaction.empty());
  CHECK(idle_samples >= 10);

  REQUIRE(holder->ReleaseMigrationLock().ok());
  Status taken = waiting.get();
  INFO(taken.ToString());
  CHECK(taken.ok());
}

TEST_CASE("PostgreSQL: CREATE INDEX CONCURRENTLY runs while another runner waits for the lock",
          "[postgres][lock]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  engine::backends::BackendOptions options = Named("rev-holder");
  options.statement_timeout = "20s";  // a deadlock fails the test instead of hanging it
  auto holder = db.Open(options);
  auto waiter = db.Open(Named("rev-waiter"));
  REQUIRE(holder->AcquireMigrationLock(5s).ok());
  REQUIRE(
      holder
          ->ExecuteScript("CREATE TABLE users (id int, email text);\n"
                          "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 1000) g;",
                          {"a.sql", 8})
          .ok());
  auto waiting = std::async(std::launch::async, [&] { return waiter->AcquireMigrationLock(30s); });
  std::this_thread::sleep_for(300ms);  // the waiter is polling by now

  auto start = std::chrono::steady_clock::now();
  Status index = holder->ExecuteScript(
      "-- a transactional: false step\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n",
      {"b.sql", 8});
  INFO(index.ToString());
  CHECK(index.ok());
  CHECK(std::chrono::steady_clock::now() - start < 10s);
  CHECK(db.Query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'users_email'::regclass") ==
        std::vector<std::string>{"t"});
  REQUIRE(holder->ReleaseMigrationLock().ok());
  CHECK(waiting.get().ok());
}

TEST_CASE(
    "PostgreSQL: after its connection is lost, the backend reconnects and takes its lock back",
    "[postgres][lock]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open(Named("rev-dropped"));
  auto other = db.Open(Named("rev-other"));
  REQUIRE(backend->AcquireMigrationLock(5s).ok());
  REQUIRE(backend->EnsureTables().ok());
  REQUIRE(backend->ReplaceHeads(Ids({"a1"})).ok());
  const std::string old_pid = PidOf(db, "rev-dropped");
  REQUIRE(db.Query("SELECT pg_terminate_backend(" + old_pid + ")") ==
          std::vector<std::string>{"t"});

  // The call that meets the dead connection fails; the next one opens a new session.
  auto lost = backend->ReadHeads();
  REQUIRE_FALSE(lost.ok());
  INFO(lost.status().ToString());
  CHECK(lost.status().message().find("connection to the database was lost") != std::string::npos);
  auto heads = backend->ReadHeads();
  INFO(heads.status().ToString());
  REQUIRE(heads.ok());
  CHECK(ToNames(*heads) == Names{"a1"});
  const std::string new_pid = PidOf(db, "rev-dropped");
  CHECK(new_pid != "");
  CHECK(new_pid != old_pid);
  // The new session holds the lock again: no one else may take it meanwhile.
  CHECK(other->AcquireMigrationLock(300ms).code() == StatusCode::kLockTimeout);
  REQUIRE(backend->ReleaseMigrationLock().ok());
  CHECK(other->AcquireMigrationLock(2s).ok());
}

}  // namespace
}  // namespace rev::testing
