// PostgreSQL's lease lock through the Backend, against a real server: taken and released
// with a growing token, waited for naming its holder, and fencing: once another runner has
// taken an expired lease over, the first one's bookkeeping fails with kLockLost and writes
// nothing, in a transaction or outside one. (A run paused past its lease, with real
// processes, is in tests/cli/db_postgres_lease_test.cpp.)
#include <catch2/catch.hpp>

#include "engine/backends/postgres_pooler.h"
#include "tests/support/graph_literals.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::BackendOptions;
using engine::backends::DatabaseKind;
using engine::backends::HistoryRow;
using namespace std::chrono_literals;

BackendOptions Lease(const std::string& application_name) {
  BackendOptions options = Named(application_name);
  options.lock = revisions::LockMode::kLease;
  options.lock_lease = std::chrono::seconds(30);
  return options;
}

HistoryRow StampRow() {
  HistoryRow row;
  row.direction = "stamp";
  row.checksum = "";
  row.started_at = "2026-12-07T00:00:00.000Z";
  row.finished_at = row.started_at;
  row.rev_version = "test";
  row.run_by = "tester@test";
  return row;
}

TEST_CASE("engines whose advisory locks do not lock are told by their version()",
          "[postgres][lock][lease]") {
  using engine::backends::EngineWithoutAdvisoryLocks;
  // As each engine answers SELECT version().
  CHECK(EngineWithoutAdvisoryLocks("CockroachDB CCL v23.1.11 (x86_64-pc-linux-gnu, built "
                                   "2023/09/27 01:53:43, go1.19.10)") == "CockroachDB");
  CHECK(EngineWithoutAdvisoryLocks("PostgreSQL 11.2-YB-2.18.3.0-b0 on x86_64-pc-linux-gnu, "
                                   "compiled by clang version 15.0.3, 64-bit") == "YugabyteDB");
  CHECK(EngineWithoutAdvisoryLocks("PostgreSQL 15.10 (Debian 15.10-0+deb12u1) on "
                                   "x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) "
                                   "12.2.0, 64-bit")
            .empty());
}

TEST_CASE("PostgreSQL lease: a second runner waits, naming the lease, and takes it after",
          "[postgres][lock][lease]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto first = db.Open(Lease("rev-first"));
  auto second = db.Open(Lease("rev-second"));
  Require(first->AcquireMigrationLock(1s));
  CHECK(db.Query("SELECT token, run_id IS NOT NULL FROM rev_lock") == Lines{"1|t"});
  CHECK(db.Query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == Lines{"0"});
  CHECK(second->IsMigrationLockHeld().value() == true);

  Status timed_out = second->AcquireMigrationLock(300ms);
  CHECK(timed_out.code() == StatusCode::kLockTimeout);
  CHECK_THAT(timed_out.message(), Contains("lease of run ") && Contains("token 1)"));

  Require(first->ReleaseMigrationLock());
  CHECK(db.Query("SELECT token, run_id IS NULL FROM rev_lock") == Lines{"1|t"});
  Require(second->AcquireMigrationLock(1s));
  CHECK(db.Query("SELECT token FROM rev_lock") == Lines{"2"});  // never reset
  Require(second->ReleaseMigrationLock());
}

TEST_CASE("PostgreSQL lease: a runner whose lease was taken over records nothing",
          "[postgres][lock][lease]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto paused = db.Open(Lease("rev-paused"));
  auto taker = db.Open(Lease("rev-taker"));
  Require(paused->AcquireMigrationLock(1s));
  Require(paused->EnsureTables());
  // As if `paused` had stopped renewing for longer than its lease.
  db.Execute("UPDATE rev_lock SET expires_at = clock_timestamp() - interval '1 second'");
  Require(taker->AcquireMigrationLock(5s));

  // Outside a transaction, the write gets one of its own, fenced.
  Result<int64_t> appended = paused->AppendHistory(StampRow());
  REQUIRE_FALSE(appended.ok());
  CHECK(appended.status().code() == StatusCode::kLockLost);
  CHECK_THAT(appended.status().message(),
             Contains("lease (token 1) was lost to run ") && Contains("token 2)"));
  // Inside the caller's transaction: the fence comes first, the transaction cannot commit.
  {
    auto transaction = paused->Begin();
    REQUIRE(transaction.ok());
    Require(paused->ExecuteScript("CREATE TABLE t1 (x INT);", {"t.sql", 1}));
    engine::VersionEdit insert;
    insert.kind = engine::VersionEdit::Kind::kInsert;
    insert.inserts = {Id("a")};
    Status recorded = paused->ApplyVersionEdit(insert);
    CHECK(recorded.code() == StatusCode::kLockLost);
  }
  CHECK(db.Query("SELECT count(*) FROM rev_history") == Lines{"0"});
  CHECK(db.Query("SELECT count(*) FROM rev_version") == Lines{"0"});
  CHECK_FALSE(db.HasTable("t1"));

  // The taker's writes go through; its release leaves the paused runner's release a no-op.
  Require(taker->AppendHistory(StampRow()).status());
  CHECK(db.Query("SELECT count(*) FROM rev_history") == Lines{"1"});
  Require(taker->ReleaseMigrationLock());
  Require(paused->ReleaseMigrationLock());
  CHECK(db.Query("SELECT token, run_id IS NULL FROM rev_lock") == Lines{"2|t"});
}

}  // namespace
}  // namespace rev::testing
