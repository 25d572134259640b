// `rev restore` and `rev replay` through the built binary, on every kind of database under
// test: the user flows of SPEC §5, from a clean restore to Ctrl-C in the middle of one.
#include <catch2/catch.hpp>
#include <csignal>

#include "engine/operations/backup.h"
#include "tests/support/json_output.h"
#include "tests/support/restorable.h"

namespace rev::testing {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

TEST_CASE("rev restore --yes: the plan, a line per step, Replayed 3/3", "[cli][db][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("Before the restore, the database is at d."));
  CHECK_THAT(result.out,
             Contains("Replay from a to d (the database's heads before the restore), 3 steps:"));
  CHECK_THAT(result.out, Contains("\u2713 restored " + r.backup + ": the database is at a"));
  CHECK_THAT(result.out, Contains("\u2713 upgrade a -> b") && Contains("\u2713 upgrade c -> d"));
  CheckReplayedTo(r, result, 3, "d");
  CHECK(r.p.HasTable("d_t"));
}

TEST_CASE("rev restore into a fresh database: the backup as it is, nothing replayed",
          "[cli][db][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  DbProject fresh(kind);
  fresh.Write(ItemsChain());
  fs::path backup = r.p.root() / r.backup;
  fs::copy_file(backup, fresh.root() / "b.bak");
  fs::copy_file(backup.string() + ".yaml", fresh.root() / "b.bak.yaml");
  ProcessResult result = fresh.Rev({"restore", "b.bak", "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("Before the restore, the database is at base."));
  CHECK_THAT(result.out, Contains("Nothing to replay: the database had nothing applied"));
  CHECK_THAT(result.out, Contains("Replayed 0/0; the database is at a."));
  CHECK(fresh.Heads() == Lines{"a"});
  CHECK(Items(fresh) == r.at_backup);
}

TEST_CASE("rev restore refuses before anything changes", "[cli][db][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);

  SECTION("no terminal and no --yes") {
    ProcessResult result = r.p.Rev({"restore", r.backup});
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Contains("--yes"));
  }
  SECTION("a corrupt backup") {
    std::string bytes = ReadFile(r.p.root() / r.backup);
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
    WriteFile(r.p.root() / r.backup, bytes);
    ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Contains("does not match its manifest"));
  }
  SECTION("a truncated backup") {
    std::string bytes = ReadFile(r.p.root() / r.backup);
    WriteFile(r.p.root() / r.backup, bytes.substr(0, bytes.size() - 100));
    ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Contains("truncated"));
  }
  SECTION("a backup without its manifest") {
    fs::remove(r.p.root() / (r.backup + ".yaml"));
    ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Contains("has no manifest"));
  }
  SECTION("a revision file missing for a step") {
    fs::remove(r.p.FileOf("d"));
    ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
    REV_CHECK_EXIT(result, 4);
    CHECK_THAT(result.err, Contains("revision d") && Contains("not in the revision folder"));
  }
  SECTION("a --to that is no target") {
    REV_CHECK_EXIT(r.p.Rev({"restore", r.backup, "--to", "a b", "--yes"}), 2);
  }
  r.CheckUntouched();
}

TEST_CASE("A replayed revision that fails: stopped at the last good one, exit 1",
          "[cli][db][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  // c's file now fails (c was applied from the old text; the backup has not applied it).
  r.p.Revision(
      {"c", {"b"}, "CREATE TABLE c_t (x INTEGER);\nSELECT * FROM nowhere;", "DROP TABLE c_t;"});
  ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
  REV_CHECK_EXIT(result, 1);
  CHECK_THAT(result.out, Contains("\u2713 upgrade a -> b") && Contains("\u2717 upgrade b -> c"));
  CHECK_THAT(result.out, Contains("Replayed 1/3; the database is at b."));
  CHECK_THAT(result.err, Contains("revisions/c_revision_c.sql:") && Contains("nowhere"));
  CHECK(r.p.Heads() == Lines{"b"});
  CHECK_FALSE(r.p.HasTable("c_t"));
}

TEST_CASE("rev replay FILE after a restore made by hand", "[cli][db][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  RestoreByHand(r);
  ProcessResult result = r.p.Rev({"replay", r.backup, "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("the journal's last heads for the database"));
  CheckReplayedTo(r, result, 3, "d");

  ProcessResult again = r.p.Rev({"replay", r.backup, "--yes"});
  REV_CHECK_EXIT(again, 4);  // at d now, not at the backup's a
  CHECK_THAT(again.err, Contains("not restored from this backup"));
}

TEST_CASE("Ctrl-C during the replay: exit 130, status truthful, the next run finishes",
          "[cli][db][restore][signal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  // c was applied quickly; the backup has not applied it, so its file may change (no drift).
  Rev slow_c{
      "c", {"b"}, "CREATE TABLE c_t (x INTEGER);\n" + LongStatement(kind, 30), "DROP TABLE c_t;"};
  r.p.Revision(slow_c);
  auto run = r.p.Start({"restore", r.backup, "--yes"});
  REQUIRE(WaitUntil([&] { return r.p.Heads() == Lines{"b"} && LongStepRunning(r.p); }));
  run->Signal(SIGINT);
  ProcessResult result = run->Wait(60);
  REV_REQUIRE_EXIT(result, 130);
  CHECK_THAT(result.out, Contains("\u26a0 upgrade b -> c") && Contains("rolled back"));
  CHECK_THAT(result.out, Contains("Replayed 1/3; the database is at b."));
  CHECK(r.p.Heads() == Lines{"b"});
  CHECK_FALSE(r.p.HasTable("c_t"));
  auto status = JsonOf(r.p.Rev({"status", "--json"}));
  CHECK(status["current"] == nlohmann::json::array({"b"}));
  CHECK(status["pending"] == nlohmann::json::array({"c", "d"}));

  r.p.Revision({"c", {"b"}, "CREATE TABLE c_t (x INTEGER);", "DROP TABLE c_t;"});
  SECTION("a second rev restore goes on to d") {
    ProcessResult second = r.p.Rev({"restore", r.backup, "--yes"});
    REV_REQUIRE_EXIT(second, 0);
    CHECK_THAT(second.out, Contains("where the interrupted replay was heading"));
    CHECK_THAT(second.out, Contains("Replayed 3/3; the database is at d."));
  }
  SECTION("rev upgrade finishes it") { REV_REQUIRE_EXIT(r.p.Rev({"upgrade"}), 0); }
  CHECK(r.p.Heads() == Lines{"d"});
  CHECK(Items(r.p) == r.at_backup);
}

}  // namespace
}  // namespace rev::testing
