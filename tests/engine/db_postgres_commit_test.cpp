// A commit whose outcome is unknown on PostgreSQL: the connection is terminated while the
// server is inside COMMIT (a deferred constraint trigger sleeps there, and another session
// ends the backend with pg_terminate_backend). Commit says the outcome is unknown; the state
// is read back on a new connection; the step is never run again.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "engine/operations/migrator.h"
#include "tests/support/graph_literals.h"
#include "tests/support/plans.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using namespace std::chrono_literals;

// SQL that makes every COMMIT of a transaction that inserted into slow_commit sleep.
constexpr const char* kSlowCommitSql =
    "CREATE TABLE slow_commit (id int);\n"
    "CREATE FUNCTION sleep_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$;\n"
    "CREATE CONSTRAINT TRIGGER sleepy AFTER INSERT ON slow_commit DEFERRABLE INITIALLY DEFERRED\n"
    "  FOR EACH ROW EXECUTE FUNCTION sleep_at_commit();\n";

// Ends the session `application_name` once it sleeps inside COMMIT; whether it did.
std::future<bool> TerminateWhenInCommit(const std::string& url, const std::string& name) {
  return std::async(std::launch::async, [url, name] {
    for (int i = 0; i < 100; ++i) {
      std::vector<std::string> done = PsqlRows(
          url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
                   name + "' AND wait_event = 'PgSleep' AND datname = current_database()");
      if (done == std::vector<std::string>{"t"}) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  });
}

TEST_CASE("PostgreSQL: a connection lost during COMMIT is reported as an unknown outcome",
          "[postgres][commit]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open(Named("rev-in-doubt"));
  REQUIRE(backend->AcquireMigrationLock(5s).ok());
  REQUIRE(backend->EnsureTables().ok());
  REQUIRE(backend->ReplaceHeads(Ids({"a1"})).ok());
  REQUIRE(backend->ExecuteScript(kSlowCommitSql, {"setup.sql", 1}).ok());

  auto transaction = backend->Begin();
  REQUIRE(transaction.ok());
  REQUIRE(backend->ExecuteScript("INSERT INTO slow_commit VALUES (1);", {"b2.sql", 8}).ok());
  engine::VersionEdit edit;
  edit.update_from = *engine::RevisionId::Parse("a1");
  edit.update_to = *engine::RevisionId::Parse("b2");
  REQUIRE(backend->ApplyVersionEdit(edit).ok());
  auto killer = TerminateWhenInCommit(db.url_text(), "rev-in-doubt");
  Status commit = (*transaction)->Commit();
  REQUIRE(killer.get());
  INFO(commit.ToString() << "\nhint: " << commit.hint());
  CHECK(commit.code() == StatusCode::kCommitUnknown);
  CHECK(commit.message().find("lost during COMMIT") != std::string::npos);
  CHECK(commit.message().find("unknown") != std::string::npos);

  // Read back on a new connection, under the lock taken back: the server never committed.
  auto heads = backend->ReadHeads();
  INFO(heads.status().ToString());
  REQUIRE(heads.ok());
  CHECK(ToNames(*heads) == Names{"a1"});
  CHECK(db.Query("SELECT count(*) FROM slow_commit") == std::vector<std::string>{"0"});
  auto other = db.Open(Named("rev-other"));
  CHECK(other->AcquireMigrationLock(200ms).code() == StatusCode::kLockTimeout);
}

TEST_CASE("PostgreSQL: the migrator settles an unknown commit by reading back, not re-running",
          "[postgres][commit]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  WriteRevisions(
      db.folder(),
      {{"a1", {}, kSlowCommitSql, "DROP TABLE slow_commit;"},
       {"b2", {"a1"}, "INSERT INTO slow_commit VALUES (1);\n", "DELETE FROM slow_commit;"}});
  engine::RevisionGraph graph = LoadGraph(db.folder());
  auto backend = db.Open(Named("rev-migrator"));
  REQUIRE(backend->AcquireMigrationLock(5s).ok());
  REQUIRE(backend->EnsureTables().ok());

  engine::operations::MigrationOptions options;
  options.rev_version = "test";
  options.run_by = "tester@host";
  engine::operations::MigrationReport report;
  auto killer = TerminateWhenInCommit(db.url_text(), "rev-migrator");
  Status run = engine::operations::RunPlan(*backend, graph, Upgrade(graph, {}, "head"), options,
                                           nullptr, &report);
  REQUIRE(killer.get());
  INFO(run.ToString() << "\nhint: " << run.hint());
  CHECK_FALSE(run.ok());
  CHECK(run.message().find("was not applied") != std::string::npos);
  CHECK(report.steps_applied == 1);
  CHECK(ToNames(report.heads) == Names{"a1"});

  // The database agrees, and b2 ran exactly once: its insert was never committed.
  CHECK(db.Query("SELECT version_num FROM rev_version") == std::vector<std::string>{"a1"});
  CHECK(db.Query("SELECT count(*) FROM slow_commit") == std::vector<std::string>{"0"});
  CHECK(db.Query("SELECT revision || ' ' || status FROM rev_history ORDER BY id") ==
        std::vector<std::string>{"a1 applied", "b2 failed"});
  CHECK(backend->ReleaseMigrationLock().ok());
}

}  // namespace
}  // namespace rev::testing
