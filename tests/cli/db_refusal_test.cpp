// What needs a person first (exit 4), the migration lock held by another rev (exit 3), and
// the ways out: --ignore-checksums, `rev repair`, `rev stamp`.
#include <catch2/catch.hpp>
#include <csignal>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using nlohmann::json;

TEST_CASE("checksum drift refuses a change until repaired or ignored", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  WriteFile(p.FileOf("a"), ReadFile(p.FileOf("a")) + "-- a comment added later\n");

  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("revisions/a_revision_a.sql") && Contains("changed") &&
                              Contains("rev repair") && Contains("--ignore-checksums"));
  CHECK(p.Heads() == Lines{"b"});
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 4);
  REV_CHECK_EXIT(p.Rev({"upgrade", "--dry-run"}), 4);

  auto ignored = p.Rev({"upgrade", "--ignore-checksums"});
  REV_REQUIRE_EXIT(ignored, 0);
  CHECK(p.Heads() == Lines{"c"});
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 4);  // still drifted: once means once

  auto no_terminal = p.Rev({"repair"});
  REV_REQUIRE_EXIT(no_terminal, 2);
  CHECK_THAT(no_terminal.err, Contains("--yes"));
  auto repaired = p.Rev({"repair", "--yes"});
  REV_REQUIRE_EXIT(repaired, 0);
  CHECK_THAT(repaired.out, Contains("re-sign the checksum of a"));
  CHECK(p.History().back() == " repair repaired");
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "-1"}), 0);
  auto nothing = p.Rev({"repair"});
  REV_REQUIRE_EXIT(nothing, 0);
  CHECK_THAT(nothing.out, Contains("Nothing to repair"));
}

TEST_CASE("a database ahead of the folder is refused", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  std::filesystem::remove(p.FileOf("c"));
  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("the database is at c") && Contains("ahead"));
  REV_CHECK_EXIT(p.Rev({"downgrade", "base"}), 4);
  CHECK(p.Heads() == Lines{"c"});
  auto current = p.Rev({"current"});
  REV_REQUIRE_EXIT(current, 0);
  CHECK_THAT(current.out, Contains("c (not in the revisions folder"));
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["unknown"] == json::array({"c"}));
  CHECK(status["up_to_date"] == false);
}

TEST_CASE("a dirty non-transactional step is refused until stamped", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"}});
  Rev b{"b",
        {"a"},
        "CREATE TABLE t2 (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
        "DROP TABLE t2;"};
  b.transactional = false;
  p.Write({b});
  auto failed = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(failed, 1);
  CHECK_THAT(failed.err, Contains("dirty"));

  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["dirty"]["revision"] == "b");
  CHECK(status["dirty"]["status"] == "failed");
  CHECK(status["current"] == json::array({"a"}));
  auto text = p.Rev({"status"});
  CHECK_THAT(text.out, Contains("Dirty:        the upgrade of b (transactional: false) failed") &&
                           Contains("rev stamp") && Contains("rev repair"));

  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err,
             Contains("dirty") && Contains("revisions/b_revision_b.sql") && Contains("rev stamp"));
  // The person finishes the step by hand, then records it.
  p.db().Execute("CREATE TABLE IF NOT EXISTS t2 (x INTEGER)");
  auto stamped = p.Rev({"stamp", "b"});
  REV_REQUIRE_EXIT(stamped, 0);
  CHECK_THAT(stamped.out, Contains("Stamped b (was a)"));
  CHECK(JsonOf(p.Rev({"status", "--json"}))["dirty"].is_null());
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 0);
  CHECK(p.Heads() == Lines{"a"});
}

TEST_CASE("another rev holding the lock makes a change wait, then exit 3", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);\n" + LongStatement(kind), "DROP TABLE t2;"}});
  // A name of the holder's own, so the message is seen to come from the server's view of
  // the holder, not from the waiter's defaults.
  ProcessOptions holder_options;
  holder_options.env.emplace("PGAPPNAME", "deploy-holder");
  BackgroundProcess holder({RevBinary(), "upgrade"}, p.Options(holder_options));
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));

  auto start = std::chrono::steady_clock::now();
  auto waited = p.Rev({"upgrade", "--lock-timeout", "1"});
  auto took = std::chrono::steady_clock::now() - start;
  REV_REQUIRE_EXIT(waited, 3);
  CHECK_THAT(waited.err, Contains("rev: error: another rev holds the migration lock"));
  if (p.db().is_sqlite()) {
    // The lock file names the holding process and where its lock lives.
    CHECK_THAT(waited.err, Contains("pid " + std::to_string(holder.pid()) + " on ") &&
                               Contains(p.db().sqlite_file().string() + ".rev-lock"));
  } else {
    // The server's session that holds the advisory lock, as pg_stat_activity names it.
    Lines holder_pid = p.Query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())");
    REQUIRE(holder_pid.size() == 1);
    CHECK_THAT(waited.err, Contains("pid " + holder_pid[0] + ",") &&
                               Contains("application_name 'deploy-holder'") &&
                               Contains("pg_terminate_backend(" + holder_pid[0] + ")"));
  }
  CHECK(took >= std::chrono::milliseconds(900));
  CHECK(took < std::chrono::seconds(10));
  REV_CHECK_EXIT(p.Rev({"stamp", "a", "--lock-timeout", "0.5"}), 3);
  REV_CHECK_EXIT(p.Rev({"repair", "--yes", "--lock-timeout", "0"}), 0);  // nothing to do

  // Reading commands do not wait, and say a step is running.
  auto status = p.Rev({"status", "--json"});
  REV_REQUIRE_EXIT(status, 0);
  CHECK(JsonOf(status)["in_progress"] == true);
  holder.Signal(SIGKILL);
  holder.Wait();
}

TEST_CASE("a bad lock timeout is bad usage", "[cli][db]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  p.Write(TableChain(3));
  auto result = p.Rev({"upgrade", "--lock-timeout", "-3"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("--lock-timeout"));
  CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file().string() + ".rev-lock"));
}

}  // namespace
}  // namespace rev::testing
