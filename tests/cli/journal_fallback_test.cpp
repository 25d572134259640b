// The local journal as the memory of last resort (SPEC §5), through the built binary on
// every kind of database under test: when the database cannot say where it was (restored
// by other means, unreadable before a restore, or lost) the journal's last heads are the replay
// target; when the journal is missing or damaged, rev says so and replays to head, and only
// after confirmation.
#include <catch2/catch.hpp>

#include "tests/support/restorable.h"

namespace rev::testing {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

fs::path JournalOf(const DbProject& p) { return p.root() / ".rev" / "journal.jsonl"; }

// Cuts every line of the journal in half, so none of them is JSON any more; returns how
// many there are.
int DamageJournal(const DbProject& p) {
  Lines lines = SplitLines(ReadFile(JournalOf(p)));
  std::string damaged;
  for (const std::string& line : lines) damaged += line.substr(0, line.size() / 2) + "\n";
  REQUIRE(lines.size() >= 3);  // the upgrades and the downgrade below
  WriteFile(JournalOf(p), damaged);
  return static_cast<int>(lines.size());
}

// Backed up at a, then at c: the journal's last heads (c) are not head (d), so which of
// the two a replay goes to shows where its target came from.
struct AtC : Restorable {
  explicit AtC(engine::backends::DatabaseKind kind) : Restorable(kind) {
    REV_REQUIRE_EXIT(p.Rev({"downgrade", "c"}), 0);
  }
};

TEST_CASE("rev replay without a usable journal: said so, replays to head after confirmation",
          "[cli][db][restore][journal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  AtC r(kind);
  RestoreByHand(r);
  REQUIRE(fs::exists(JournalOf(r.p)));
  std::string said;
  SECTION("the journal is missing") {
    fs::remove_all(r.p.root() / ".rev");
    said = "\u26a0 there is no journal (";
  }
  SECTION("every line of the journal is damaged") {
    int lines = DamageJournal(r.p);
    said = ".rev/journal.jsonl has " + std::to_string(lines) +
           " damaged lines (first at line 1), skipped";
  }

  ProcessResult refused = r.p.Rev({"replay", r.backup});
  REV_REQUIRE_EXIT(refused, 2);
  CHECK_THAT(refused.out, Contains(said) && Contains("replaying to head"));
  CHECK_THAT(refused.err, Contains("--yes") && Contains("nothing was changed"));
  CHECK(r.p.Heads() == Lines{"a"});
  CHECK_FALSE(r.p.HasTable("b_t"));

  ProcessResult result = r.p.Rev({"replay", r.backup, "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains(said));
  CHECK_THAT(result.out, Contains("Replay from a to d (head: no heads to return to were found)"));
  CheckReplayedTo(r, result, 3, "d");
}

TEST_CASE("rev replay with the journal intact goes back to the journal's heads",
          "[cli][db][restore][journal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  AtC r(kind);
  RestoreByHand(r);
  ProcessResult refused = r.p.Rev({"replay", r.backup});
  REV_REQUIRE_EXIT(refused, 2);  // a replay changes the database: it is confirmed too
  CHECK(r.p.Heads() == Lines{"a"});
  ProcessResult result = r.p.Rev({"replay", r.backup, "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("the journal's last entry for") && Contains("downgrade at"));
  CHECK_THAT(result.out, Contains("Replay from a to c (the journal's last heads"));
  CheckReplayedTo(r, result, 2, "c");
}

// `rev restore --yes` after something happened to the database: it says `warning`, goes back
// to the journal's heads (c), not on to head, and has the backup's rows.
void CheckRestoredToJournalHeads(AtC& r, const std::string& warning) {
  ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains(warning));
  CHECK_THAT(result.out, Contains("Replay from a to c (the journal's last heads"));
  CheckReplayedTo(r, result, 2, "c");
  CHECK_FALSE(r.p.HasTable("d_t"));
}

TEST_CASE("A database that cannot be read before a restore: said so, the journal's heads",
          "[cli][db][restore][journal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  AtC r(kind);
  MakeUnreadable(r.p);
  CheckRestoredToJournalHeads(r, "\u26a0 the database cannot be read before the restore");
}

TEST_CASE("A database lost or emptied before a restore: the journal's heads",
          "[cli][db][restore][journal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  AtC r(kind);
  if (r.p.db().is_sqlite()) {
    fs::remove(r.p.db().sqlite_file());
  } else {
    r.p.db().Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  }
  CheckRestoredToJournalHeads(r, "\u26a0 the database has no version table before the restore");
}

TEST_CASE("A database that cannot be read and no journal: head, after confirmation",
          "[cli][db][restore][journal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  AtC r(kind);
  MakeUnreadable(r.p);
  fs::remove_all(r.p.root() / ".rev");

  ProcessResult refused = r.p.Rev({"restore", r.backup});
  REV_REQUIRE_EXIT(refused, 2);
  CHECK_THAT(refused.out, Contains("cannot be read") && Contains("there is no journal"));
  CHECK_THAT(refused.err, Contains("--yes") && Contains("nothing was changed"));
  if (r.p.db().is_sqlite()) {
    CHECK(ReadFile(r.p.db().sqlite_file()) == std::string(4096, 'x'));
  } else {
    CHECK(r.p.Query("SELECT count(*) FROM rev_version") == Lines{"0"});  // still the damaged one
    CHECK(Items(r.p).size() == 5);
  }

  ProcessResult result = r.p.Rev({"restore", r.backup, "--yes"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("Replay from a to d (head: no heads to return to were found)"));
  CheckReplayedTo(r, result, 3, "d");
}

}  // namespace
}  // namespace rev::testing
