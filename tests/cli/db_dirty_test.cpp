// A non-transactional step that did not finish leaves the database dirty: rev says so,
// refuses to change it (exit 4) and lets a person settle it with `rev repair` (after undoing
// the step's partial changes) or `rev stamp` (after finishing them). Through the built
// binary, on every kind of database under test: a step that failed, and one interrupted
// with Ctrl-C, which cannot be rolled back.
#include <catch2/catch.hpp>
#include <csignal>
#include <thread>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using nlohmann::json;

// a, then b (transactional: false) creating t2 and then running `rest`, then c.
void WriteChain(DbProject& p, const std::string& rest) {
  Rev b{"b", {"a"}, "CREATE TABLE t2 (x INTEGER);\n" + rest, "DROP TABLE t2;"};
  b.transactional = false;
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           b,
           {"c", {"b"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}});
}

// b as it should have been (b was never applied, so rewriting it is no drift).
void FixB(DbProject& p) {
  Rev b{"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"};
  b.transactional = false;
  p.Revision(b);
}

bool HistoryHas(DbProject& p, const std::string& line) {
  Lines history = p.History();
  return std::find(history.begin(), history.end(), line) != history.end();
}

// What a dirty database looks like to a person: status says so, a change is refused.
void CheckDirtyAtB(DbProject& p) {
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["dirty"]["revision"] == "b");
  CHECK(status["dirty"]["status"] == "failed");
  CHECK(status["current"] == json::array({"a"}));
  CHECK(status["up_to_date"] == false);
  CHECK_THAT(p.Rev({"status"}).out,
             Contains("Dirty:        the upgrade of b (transactional: false) failed"));
  auto refused = p.Rev({"upgrade"});
  REV_CHECK_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("dirty") && Contains("revisions/b_revision_b.sql"));
  REV_CHECK_EXIT(p.Rev({"downgrade", "base"}), 4);
  CHECK(p.Heads() == Lines{"a"});
}

TEST_CASE("A failed non-transactional step is settled with rev repair --yes", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteChain(p, "INSERT INTO no_such_table VALUES (1);");
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 1);
  CheckDirtyAtB(p);

  auto no_terminal = p.Rev({"repair"});
  REV_REQUIRE_EXIT(no_terminal, 2);
  CHECK_THAT(no_terminal.err, Contains("--yes"));
  CHECK(JsonOf(p.Rev({"status", "--json"}))["dirty"]["revision"] == "b");

  // The person undoes what part of b ran, fixes b, and clears the dirty state.
  p.db().Execute("DROP TABLE IF EXISTS t2");
  FixB(p);
  auto repaired = p.Rev({"repair", "--yes"});
  REV_REQUIRE_EXIT(repaired, 0);
  CHECK_THAT(repaired.out, Contains("clear the dirty state left by the upgrade of b") &&
                               Contains("the version table stays"));
  CHECK(p.History().back() == "b repair repaired");
  CHECK(p.Heads() == Lines{"a"});
  CHECK(JsonOf(p.Rev({"status", "--json"}))["dirty"].is_null());

  auto up = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(up, 0);
  CHECK_THAT(up.out, Contains("Applied 2 steps"));
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.HasTable("t2"));
}

TEST_CASE("Ctrl-C during a non-transactional step: exit 130, dirty until settled",
          "[cli][db][signal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteChain(p, LongStatement(kind, 30));
  auto run = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return HistoryHas(p, "b upgrade started"); }));
  if (p.db().is_sqlite()) {
    // The long statement only reads, so no journal shows it: give it time to start.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } else {
    REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  }
  auto start = std::chrono::steady_clock::now();
  run->Signal(SIGINT);
  ProcessResult result = run->Wait(60);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  REV_REQUIRE_EXIT(result, 130);
  CHECK_THAT(result.err, Contains("interrupted during the upgrade") &&
                             Contains("which could not be rolled back") &&
                             Contains("revisions/b_revision_b.sql") && Contains("dirty at b"));
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade failed"});
  // Outside a transaction each statement runs on its own: b's first one stays done.
  CHECK(p.HasTable("t2"));
  CheckDirtyAtB(p);

  SECTION("settled with rev repair after undoing b's partial change") {
    p.db().Execute("DROP TABLE IF EXISTS t2");
    FixB(p);
    REV_REQUIRE_EXIT(p.Rev({"repair", "--yes"}), 0);
    REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
    CHECK(HistoryHas(p, "b repair repaired"));
  }
  SECTION("settled with rev stamp after finishing b by hand") {
    p.db().Execute("CREATE TABLE IF NOT EXISTS t2 (x INTEGER)");
    REV_REQUIRE_EXIT(p.Rev({"stamp", "b"}), 0);
    REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
    CHECK(HistoryHas(p, "b stamp stamped"));
  }
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.HasTable("t2"));
  CHECK(JsonOf(p.Rev({"status", "--json"}))["up_to_date"] == true);
}

}  // namespace
}  // namespace rev::testing
