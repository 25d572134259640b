// rev.yaml's PostgreSQL session settings through the built binary: statement_timeout and
// lock_timeout make a migration fail fast instead of blocking, search_path and
// version_table_schema decide where tables land, and an environment's setting overrides the
// top level's. PostgreSQL only: SQLite has no such settings. Runs when PostgreSQL is under
// test (see tests/support/test_database.h).
#include <catch2/catch.hpp>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

std::chrono::milliseconds Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

// The tables of `schema` in the project's database, sorted.
Lines TablesIn(const DbProject& p, const std::string& schema) {
  return p.Query("SELECT table_name FROM information_schema.tables WHERE table_schema = '" +
                 schema + "' ORDER BY table_name");
}

TEST_CASE("statement_timeout in rev.yaml stops a slow revision fast", "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres, "statement_timeout: 500ms\n");
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);\nSELECT pg_sleep(5);", "DROP TABLE t2;"},
           {"c", {"b"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}});
  auto start = std::chrono::steady_clock::now();
  auto up = p.Rev({"upgrade"});
  auto took = Since(start);
  REV_REQUIRE_EXIT(up, 1);
  CHECK_THAT(up.err, Contains("revisions/b_revision_b.sql") && Contains("statement timeout") &&
                         Contains("SQLSTATE 57014"));
  CHECK(took < std::chrono::milliseconds(4000));  // not the 5 s the statement asked for
  CHECK(p.Heads() == Lines{"a"});
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade failed"});
  CHECK_FALSE(p.HasTable("t2"));  // b's transaction rolled back
}

TEST_CASE("lock_timeout in rev.yaml stops a revision waiting on a busy table",
          "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres, "lock_timeout: 300ms\n");
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  p.Write({{"b", {"a"}, "ALTER TABLE t1 ADD COLUMN y INTEGER;", "ALTER TABLE t1 DROP COLUMN y;"}});

  // Another application keeps t1 busy, as a long transaction in production would.
  BackgroundProcess busy({"psql", "-X", "-q", "-d", p.db().url_text(), "-c",
                          "BEGIN; LOCK TABLE t1 IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60);"},
                         p.Options());
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));

  auto start = std::chrono::steady_clock::now();
  auto up = p.Rev({"upgrade"});
  auto took = Since(start);
  // Ending psql would leave its server session sleeping, holding the lock: end the session.
  p.db().Execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
      "current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'");
  busy.Wait();
  REV_REQUIRE_EXIT(up, 1);
  CHECK_THAT(up.err, Contains("revisions/b_revision_b.sql") && Contains("lock timeout") &&
                         Contains("SQLSTATE 55P03"));
  CHECK(took < std::chrono::milliseconds(10000));
  CHECK(p.Heads() == Lines{"a"});
  CHECK(p.History().back() == "b upgrade failed");
  // Once the table is free the same upgrade goes through.
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  CHECK(p.Heads() == Lines{"b"});
}

TEST_CASE("search_path and version_table_schema decide where tables land", "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres,
              "search_path: app, public\nversion_table_schema: rev_meta\n");
  p.db().Execute("CREATE SCHEMA app");
  p.Write({{"a", {}, "CREATE TABLE users (id INTEGER);", "DROP TABLE users;"}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);

  // rev creates its schema; the revision's unqualified table follows search_path.
  CHECK(TablesIn(p, "rev_meta") == Lines{"rev_applied", "rev_history", "rev_version"});
  CHECK(TablesIn(p, "app") == Lines{"users"});
  CHECK(TablesIn(p, "public").empty());
  CHECK(p.Query("SELECT version_num FROM rev_meta.rev_version") == Lines{"a"});
  auto current = JsonOf(p.Rev({"current", "--json"}));
  CHECK(current["current"] == nlohmann::json::array({"a"}));
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "base"}), 0);
  CHECK(TablesIn(p, "app").empty());
  CHECK(p.Query("SELECT count(*) FROM rev_meta.rev_version") == Lines{"0"});
}

TEST_CASE("an environment's session setting overrides the top level's", "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres,
              "statement_timeout: 300ms\nlock_timeout: 7s\nenvironments:\n  batch:\n"
              "    statement_timeout: 20s\n");
  // What the revision's own session sees, recorded by the revision itself.
  p.Write({{"a",
            {},
            "SELECT pg_sleep(1);\nCREATE TABLE seen AS SELECT "
            "current_setting('statement_timeout') AS statement_timeout, "
            "current_setting('lock_timeout') AS lock_timeout;",
            "DROP TABLE seen;"}});

  auto top_level = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(top_level, 1);
  CHECK_THAT(top_level.err, Contains("SQLSTATE 57014"));
  CHECK(p.Heads().empty());

  auto batch = p.Rev({"upgrade", "-e", "batch"});
  REV_REQUIRE_EXIT(batch, 0);
  CHECK(p.Heads() == Lines{"a"});
  // The environment's statement_timeout; the top level's lock_timeout, which it leaves.
  CHECK(p.Query("SELECT statement_timeout || ' ' || lock_timeout FROM seen") == Lines{"20s 7s"});
}

TEST_CASE("?schema=NAME in the URL places rev's tables and the revisions' objects there",
          "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "INSERT INTO t1 VALUES (1);", "DELETE FROM t1;"}});
  const std::string& base = p.db().url_text();
  std::string url = base + (base.find('?') == std::string::npos ? "?" : "&") + "schema=tenant_9";
  ProcessOptions in_schema;
  in_schema.env["REV_DATABASE_URL"] = url;
  auto status = p.Rev({"status"}, in_schema);  // reading creates nothing
  REV_REQUIRE_EXIT(status, 0);
  CHECK_THAT(status.out, Contains("schema=tenant_9"));
  CHECK(p.Query("SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'tenant_9'") == Lines{"0"});

  REV_REQUIRE_EXIT(p.Rev({"upgrade"}, in_schema), 0);  // the schema is made under the lock
  CHECK(TablesIn(p, "tenant_9") == Lines{"rev_applied", "rev_history", "rev_version", "t1"});
  CHECK(TablesIn(p, "public").empty());
  CHECK(p.Query("SELECT x FROM tenant_9.t1") == Lines{"1"});
  // The database's default schema is another target, at base.
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
  CHECK(p.Heads() == Lines{"a"});
  CHECK(p.Query("SELECT version_num FROM tenant_9.rev_version") == Lines{"b"});

  auto bad = p.Rev({"status", "--database", base + "?schema=tenant-9"});
  REV_CHECK_EXIT(bad, 2);
  CHECK_THAT(bad.err, Contains("schema"));
}

}  // namespace
}  // namespace rev::testing
