// Confirmation (SPEC §3) and what a terminal sees: an environment with `confirm: true`
// asks once showing the plan; --yes answers; with no terminal and no --yes the change is
// refused. On a terminal (a pseudo-terminal here) each step gets a progress line.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/restorable.h"

namespace rev::testing {
namespace {

using Catch::Contains;

constexpr const char* kEnvironments =
    "environments:\n"
    "  production:\n"
    "    confirm: true\n"
    "  development:\n"
    "    confirm: false\n";

TEST_CASE("confirm: true without a terminal refuses, --yes proceeds", "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, kEnvironments);
  p.Write(TableChain(2));
  auto refused = p.Rev({"upgrade", "-e", "production"});
  REV_REQUIRE_EXIT(refused, 2);
  CHECK_THAT(refused.err,
             Contains("confirmation") && Contains("--yes") && Contains("nothing was changed"));
  CHECK_FALSE(p.HasTable("t1"));
  CHECK(p.Heads().empty());
  if (p.db().is_sqlite()) CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));

  auto confirmed = p.Rev({"upgrade", "-e", "production", "--yes"});
  REV_REQUIRE_EXIT(confirmed, 0);
  CHECK(p.Heads() == Lines{"b"});
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1", "-e", "production"}), 2);
  REV_CHECK_EXIT(p.Rev({"stamp", "a", "-e", "production"}), 2);
  CHECK(p.Heads() == Lines{"b"});
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1", "-e", "production", "-y"}), 0);
  CHECK(p.Heads() == Lines{"a"});
  // Nothing to do needs no confirmation; neither does an environment without confirm.
  REV_CHECK_EXIT(p.Rev({"upgrade", "a", "-e", "production"}), 0);
  REV_CHECK_EXIT(p.Rev({"upgrade", "-e", "development"}), 0);
  CHECK(p.Heads() == Lines{"b"});
}

TEST_CASE("on a terminal the plan is shown and the answer decides", "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, kEnvironments);
  p.Write(TableChain(2));
  auto no = p.OnTerminal({"upgrade", "-e", "production"}, "n");
  REV_CHECK_EXIT(no, 1);
  CHECK_THAT(no.out, Contains("Environment 'production'") &&
                         Contains("upgrade <base> -> a, revision a") &&
                         Contains("upgrade a -> b, revision b") && Contains("[y/N]") &&
                         Contains("not confirmed; nothing was changed"));
  CHECK(p.Heads().empty());

  auto yes = p.OnTerminal({"upgrade", "-e", "production"}, "yes");
  REV_CHECK_EXIT(yes, 0);
  // One progress line per step, redrawn with its mark and duration.
  CHECK_THAT(yes.out, Contains("\u2713 upgrade <base> -> a, revision a (") &&
                          Contains("\u2713 upgrade a -> b, revision b (") &&
                          Contains("Applied 2 steps"));
  CHECK(p.Heads() == Lines{"b"});
}

TEST_CASE("repair always asks, on a terminal too", "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(2));
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  WriteFile(p.FileOf("a"), ReadFile(p.FileOf("a")) + "-- edited\n");
  auto no = p.OnTerminal({"repair"}, "");
  REV_CHECK_EXIT(no, 1);
  CHECK_THAT(no.out, Contains("re-sign the checksum of a"));
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 4);
  auto yes = p.OnTerminal({"repair"}, "y");
  REV_CHECK_EXIT(yes, 0);
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 0);
}

TEST_CASE("restore's confirmation says rows written after the backup will be lost",
          "[cli][db][confirm][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  std::string manifest = ReadFile(r.p.root() / (r.backup + ".yaml"));
  size_t at = manifest.find("created_at: ");
  REQUIRE(at != std::string::npos);
  std::string created_at = manifest.substr(at + 12, manifest.find('\n', at) - at - 12);
  REQUIRE(created_at.size() == 24);  // 2026-11-22T10:04:00.123Z

  auto no = r.p.OnTerminal({"restore", r.backup}, "n");
  REV_CHECK_EXIT(no, 1);
  CHECK_THAT(no.out, Contains("\u26a0 Rows written to the database after the backup was "
                              "taken (" +
                              created_at + ") will be lost") &&
                         Contains("Restore ") && Contains("[y/N]") &&
                         Contains("not confirmed; nothing was changed"));
  // The warning comes with the question, just before it.
  CHECK(no.out.find("will be lost") < no.out.find("[y/N]"));
  r.CheckUntouched();

  // A replay after a restore made by other means restores nothing: no such warning.
  RestoreByHand(r);
  auto replay = r.p.OnTerminal({"replay", r.backup}, "n");
  REV_CHECK_EXIT(replay, 1);
  CHECK_THAT(replay.out, Contains("[y/N]") && !Contains("will be lost"));
}

TEST_CASE("a failing step on a terminal is marked and the error names the file",
          "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(2));
  p.Write({{"c", {"b"}, "SELECT * FROM no_such_table;", ""}});
  auto result = p.OnTerminal({"upgrade"}, "");
  REV_CHECK_EXIT(result, 1);
  CHECK_THAT(result.out, Contains("\u2713 upgrade a -> b") &&
                             Contains("\u2717 upgrade b -> c, revision c") &&
                             Contains("rev: error: revisions/c_revision_c.sql:") &&
                             Contains("2 of 3 steps applied"));
}

}  // namespace
}  // namespace rev::testing
