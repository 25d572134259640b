// The migration lock past a plain connection: through PgBouncer in transaction mode (a pool
// smaller than the runners), where the advisory lock functions are revoked (what an engine
// without them looks like), and the lease's own promises: a killed holder is taken over
// after its lease, a paused one writes nothing once it lost it, `rev status` names the
// holder and `rev repair --release-lock` clears only a lease whose run is gone.
// PostgreSQL-only; PgBouncer is started per test (tests/support/pgbouncer.h).
#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"
#include "tests/support/pgbouncer.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

constexpr int kRunners = 16;

// A few revisions with what a real schema has: keys, foreign keys, indexes, and one
// `transactional: false` step (CREATE INDEX CONCURRENTLY) that follows the dirty protocol.
void WriteShop(DbProject& p) {
  p.Write({{"a",
            {},
            "CREATE TABLE users (id INT PRIMARY KEY, email TEXT NOT NULL);\n"
            "CREATE UNIQUE INDEX users_email ON users (email);",
            "DROP TABLE users;"},
           {"b",
            {"a"},
            "CREATE TABLE orders (id INT PRIMARY KEY,\n"
            "  user_id INT NOT NULL REFERENCES users (id));\n"
            "CREATE INDEX orders_user ON orders (user_id);",
            "DROP TABLE orders;"},
           {"c",
            {"b"},
            "ALTER TABLE users ADD COLUMN name TEXT;\n"
            "INSERT INTO users (id, email, name) VALUES (1, 'a@example.com', 'A');",
            "ALTER TABLE users DROP COLUMN name;"}});
  p.Revision(
      Rev("d", {"c"})
          .Sql("CREATE INDEX CONCURRENTLY users_name ON users (name);", "DROP INDEX users_name;")
          .NonTransactional());
}

// The shop's history after any number of runs: each revision once (`d`'s `started` row,
// recorded before its SQL ran, finished as applied).
const Lines kShopApplied = {"a upgrade applied", "b upgrade applied", "c upgrade applied",
                            "d upgrade applied"};

// Advisory locks held in the test's database, by anyone.
Lines AdvisoryLocks(const DbProject& p) {
  return p.Query(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND database = "
      "(SELECT oid FROM pg_database WHERE datname = current_database())");
}

// The server's log from now on (REV_TEST_POSTGRES_LOG, which scripts/test.sh sets to its
// throwaway server's log): what an advisory lock misused through a pooler makes the server
// say ("WARNING:  you don't own a lock of type ExclusiveLock") lands there, not with rev.
class ServerLog {
 public:
  ServerLog() {
    const char* path = std::getenv("REV_TEST_POSTGRES_LOG");
    if (path == nullptr || *path == '\0') {
      WARN("REV_TEST_POSTGRES_LOG is unset: the server log is not checked, pg_locks still is");
      return;
    }
    path_ = path;
    start_ = ReadFile(path_).size();
  }
  // What the server logged of advisory locks since construction. Other tests share the
  // server (and its log), so only the warning of a misplaced unlock is looked for.
  Lines UnlockWarnings() const {
    Lines found;
    if (path_.empty()) return found;
    std::string text = ReadFile(path_);
    for (const std::string& line : SplitLines(text.substr(std::min(start_, text.size())))) {
      if (line.find("you don't own a lock") != std::string::npos) found.push_back(line);
    }
    return found;
  }

 private:
  std::filesystem::path path_;
  size_t start_ = 0;
};

// Starts `count` runs of `args` at once and waits for them all.
std::vector<ProcessResult> RunAtOnce(const DbProject& p, const std::vector<std::string>& args,
                                     int count, ProcessOptions options = {}) {
  std::vector<std::unique_ptr<BackgroundProcess>> runs;
  for (int i = 0; i < count; ++i) {
    runs.push_back(std::make_unique<BackgroundProcess>(RevArgv(args), p.Options(options)));
  }
  std::vector<ProcessResult> results;
  for (auto& run : runs) results.push_back(run->Wait(180));
  return results;
}

void CheckRuns(const std::vector<ProcessResult>& results) {
  int applied = 0;
  for (const ProcessResult& result : results) {
    INFO("stdout:\n" << result.out << "\nstderr:\n" << result.err);
    CHECK((result.exit_code == 0 || result.exit_code == 3));
    if (result.exit_code == 0) ++applied;
    // The server's notices (WARNING) would show here; rev's own warning is only the wait.
    CHECK_THAT(result.err, !Contains("WARNING"));
    for (const std::string& line : SplitLines(result.err)) {
      if (line.rfind("rev: warning:", 0) == 0) {
        CHECK_THAT(line, Catch::StartsWith("rev: warning: waiting for the migration lock"));
      }
    }
  }
  CHECK(applied >= 1);
}

// The lease row: its token and whether it is released.
Lines LeaseRow(const DbProject& p) {
  return p.Query("SELECT token, run_id IS NULL FROM rev_lock WHERE name = 'rev_version'");
}

TEST_CASE("16 runs through PgBouncer in transaction mode apply each revision once",
          "[cli][db][postgres][lease]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres);
  WriteShop(p);
  PgBouncer bouncer(p.db(), /*pool_size=*/4);
  ServerLog log;
  std::vector<ProcessResult> results =
      RunAtOnce(p, {"upgrade", "head", "-d", bouncer.url(), "--lock-timeout", "150"}, kRunners);
  CheckRuns(results);
  CHECK(log.UnlockWarnings().empty());
  CHECK(p.History() == kShopApplied);
  CHECK(p.Heads() == Lines{"d"});
  CHECK(AdvisoryLocks(p).empty());
  // `auto` saw the pooler and took the lease, which every run released.
  Lines lease = LeaseRow(p);
  REQUIRE(lease.size() == 1);
  CHECK_THAT(lease[0], Catch::EndsWith("|t"));
  CHECK(std::stoi(lease[0]) >= 1);

  // Forcing the session lock through the pooler is refused before anything changes.
  auto forced = p.Rev({"downgrade", "base", "-d", bouncer.url(), "--lock", "session"});
  REV_CHECK_EXIT(forced, 2);
  CHECK_THAT(forced.err, Contains("connection pooler") && Contains("lock: lease"));
  CHECK(p.Heads() == Lines{"d"});
}

// A role of its own, for whom the test's database revokes the advisory lock functions:
// what CockroachDB-like engines look like to rev. Functions live in each database's
// pg_catalog, so the revoke touches only the test's database; the role is dropped at the end.
class RoleWithoutAdvisoryLocks {
 public:
  explicit RoleWithoutAdvisoryLocks(DbProject& p) : p_(p) {
    std::random_device random;
    name_ = "rev_nolock_" + std::to_string(random() % 1000000);
    p_.db().Execute("CREATE ROLE " + name_ + " LOGIN PASSWORD '" + kPassword + "'");
    p_.db().Execute("GRANT CREATE ON SCHEMA public TO " + name_);
    p_.db().Execute(
        "REVOKE EXECUTE ON FUNCTION pg_advisory_lock(bigint), pg_try_advisory_lock(bigint),"
        " pg_advisory_unlock(bigint) FROM PUBLIC");
  }
  ~RoleWithoutAdvisoryLocks() {
    p_.db().Execute("DROP OWNED BY " + name_);
    p_.db().Execute("DROP ROLE " + name_);
  }
  RoleWithoutAdvisoryLocks(const RoleWithoutAdvisoryLocks&) = delete;
  RoleWithoutAdvisoryLocks& operator=(const RoleWithoutAdvisoryLocks&) = delete;

  std::string Url() const {
    UriParts parts = SplitUri(p_.db().url_text());
    parts.user = name_;
    parts.password = kPassword;
    return JoinUri(parts);
  }

 private:
  static constexpr const char* kPassword = "no-advisory-locks";
  DbProject& p_;
  std::string name_;
};

TEST_CASE("16 runs where the advisory lock functions are revoked take the lease",
          "[cli][db][postgres][lease]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres);
  WriteShop(p);
  RoleWithoutAdvisoryLocks role(p);
  // The role indeed may not take an advisory lock.
  ProcessResult refused =
      RunProcess({"psql", "-X", "-d", role.Url(), "-c", "SELECT pg_try_advisory_lock(1)"});
  REQUIRE(refused.exit_code != 0);
  REQUIRE_THAT(refused.err, Contains("permission denied"));

  ServerLog log;
  std::vector<ProcessResult> results =
      RunAtOnce(p, {"upgrade", "head", "-d", role.Url(), "--lock-timeout", "150"}, kRunners);
  CheckRuns(results);
  CHECK(log.UnlockWarnings().empty());
  CHECK(p.History() == kShopApplied);
  CHECK(AdvisoryLocks(p).empty());
  Lines lease = LeaseRow(p);
  REQUIRE(lease.size() == 1);
  CHECK_THAT(lease[0], Catch::EndsWith("|t"));

  // `session` asked for where it cannot be had fails clearly, changing nothing.
  auto forced = p.Rev({"downgrade", "base", "-d", role.Url(), "--lock", "session"});
  REV_CHECK_EXIT(forced, 1);
  CHECK_THAT(forced.err, Contains("permission denied"));
  CHECK(p.Heads() == Lines{"d"});
}

// A project whose runs hold the lease for 2 s, with a long step `b`.
void WriteLeaseProject(DbProject& p, int sleep_seconds) {
  p.Write({{"a", {}, "CREATE TABLE t1 (x INT);", "DROP TABLE t1;"},
           {"b",
            {"a"},
            "CREATE TABLE t2 (x INT);\nSELECT pg_sleep(" + std::to_string(sleep_seconds) + ");",
            "DROP TABLE t2;"},
           {"c", {"b"}, "CREATE TABLE t3 (x INT);", "DROP TABLE t3;"}});
}

constexpr const char* kLeaseYaml = "lock: lease\nlock_lease: 2s\n";

TEST_CASE("a killed lease holder is taken over after its lease and nothing runs twice",
          "[cli][db][postgres][lease]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres, kLeaseYaml);
  WriteLeaseProject(p, 5);
  auto holder = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  holder->Signal(SIGKILL);
  REV_CHECK_EXIT(holder->Wait(), 128 + SIGKILL);

  auto taker = p.Rev({"upgrade", "--lock-timeout", "60"});
  REV_REQUIRE_EXIT(taker, 0);
  CHECK_THAT(taker.err, Contains("waiting for the migration lock, held by lease of run "));
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade applied", "c upgrade applied"});
  CHECK(p.Heads() == Lines{"c"});
  Lines lease = LeaseRow(p);
  REQUIRE(lease.size() == 1);
  CHECK(lease[0] == "2|t");  // taken twice: the killed run's, then the taker's
}

TEST_CASE("a lease holder paused past its lease writes nothing once it continues",
          "[cli][db][postgres][lease]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres, kLeaseYaml);
  WriteLeaseProject(p, 4);
  auto paused = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  paused->Signal(SIGSTOP);

  // The server cuts the paused run's transaction off (idle_in_transaction_session_timeout
  // = the lease) once its statement ends, so the taker is not blocked by what it holds.
  auto taker = p.Rev({"upgrade", "--lock-timeout", "60"});
  REV_CHECK_EXIT(taker, 0);
  CHECK(p.Heads() == Lines{"c"});

  paused->Signal(SIGCONT);
  ProcessResult continued = paused->Wait();
  INFO("stderr of the paused run:\n" << continued.err);
  REV_CHECK_EXIT(continued, 3);
  CHECK_THAT(continued.err, Contains("lease") && Contains("was lost"));
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade applied", "c upgrade applied"});
  CHECK(p.Heads() == Lines{"c"});
}

TEST_CASE("status names the lease holder and repair --release-lock clears only a dead one",
          "[cli][db][postgres][lease]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres, kLeaseYaml);
  // Long enough that the holder is still in its step whatever the machine's load; its
  // session is ended with the test's database.
  WriteLeaseProject(p, 60);
  auto holder = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  const std::string who = "pid " + std::to_string(holder->pid()) + " on ";

  auto status = p.Rev({"status"});
  REV_CHECK_EXIT(status, 0);
  CHECK_THAT(status.out, Contains("Lock:         lease lock held by lease of run ") &&
                             Contains(who) && Contains(", expires at "));
  auto json = JsonOf(p.Rev({"status", "--json"}));
  REQUIRE(json["lock_holders"].size() == 1);
  CHECK(json["lock_holders"][0]["mode"] == "lease");
  CHECK(json["lock_holders"][0]["pid"] == holder->pid());
  CHECK(json["lock_holders"][0]["expired"] == false);
  CHECK(json["in_progress"] == true);

  auto live = p.Rev({"repair", "--release-lock", "--yes"});
  REV_CHECK_EXIT(live, 3);
  CHECK_THAT(live.err, Contains("held by a live run") && Contains(who));

  holder->Signal(SIGKILL);
  (void)holder->Wait();
  REQUIRE(WaitUntil([&] {
    return JsonOf(p.Rev({"status", "--json"}))["lock_holders"][0]["expired"] == true;
  }));
  auto expired_status = p.Rev({"status"});
  CHECK_THAT(expired_status.out, Contains(", expired at "));

  auto cleared = p.Rev({"repair", "--release-lock", "--yes"});
  REV_CHECK_EXIT(cleared, 0);
  CHECK_THAT(cleared.err + cleared.out, Contains("Released the lease of run "));
  CHECK(JsonOf(p.Rev({"status", "--json"}))["lock_holders"].empty());
  auto again = p.Rev({"repair", "--release-lock", "--yes"});
  REV_CHECK_EXIT(again, 0);
  CHECK_THAT(again.err + again.out, Contains("No lease lock is held"));
}

TEST_CASE("status names the session lock's holder, which repair --release-lock leaves alone",
          "[cli][db][postgres][lease]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres);
  WriteLeaseProject(p, 60);
  ProcessOptions named;
  named.env.emplace("PGAPPNAME", "deploy-holder");
  BackgroundProcess holder(RevArgv({"upgrade"}), p.Options(named));
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  auto status = p.Rev({"status"});
  CHECK_THAT(status.out,
             Contains("Lock:         session lock held by pid ") && Contains("'deploy-holder'"));
  auto json = JsonOf(p.Rev({"status", "--json"}));
  REQUIRE(json["lock_holders"].size() == 1);
  CHECK(json["lock_holders"][0]["mode"] == "session");
  auto refused = p.Rev({"repair", "--release-lock", "--yes"});
  REV_CHECK_EXIT(refused, 3);
  CHECK_THAT(refused.err, Contains("held by a live session") && Contains("pg_terminate_backend"));
  CHECK_FALSE(p.HasTable("rev_lock"));  // auto took the advisory lock: no lease was made
}

TEST_CASE("a bad --lock or --lock-lease is refused before anything is opened", "[cli][lease]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INT);", "DROP TABLE t1;"}});
  auto mode = p.Rev({"upgrade", "--lock", "sometimes"});
  REV_CHECK_EXIT(mode, 2);
  CHECK_THAT(mode.err,
             Contains("--lock 'sometimes' is not a lock mode") && Contains("--lock lease"));
  auto lease = p.Rev({"upgrade", "--lock-lease", "0"});
  REV_CHECK_EXIT(lease, 2);
  CHECK_THAT(lease.err, Contains("--lock-lease: lock_lease 0 is out of range"));
  CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));
  // SQLite keeps its lock file whatever the mode says.
  REV_CHECK_EXIT(p.Rev({"upgrade", "--lock", "lease"}), 0);
  CHECK(p.Heads() == Lines{"a"});
}

}  // namespace
}  // namespace rev::testing
