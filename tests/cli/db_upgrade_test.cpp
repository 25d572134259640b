// `rev upgrade` / `rev downgrade` against real databases, through the built binary, on
// every kind under test: the round trip, --dry-run, a failing step, --single-transaction,
// refused plans, --json, -q, several heads and --auto-merge.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;

TEST_CASE("upgrade head, downgrade base, upgrade head leave the same schema", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));

  auto up = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(up, 0);
  CHECK_THAT(up.out, Contains("Applied 3 steps") && Contains("the database is at c"));
  CHECK(up.err.empty());
  Lines schema = p.db().Schema();
  CHECK(p.Heads() == Lines{"c"});

  auto down = p.Rev({"downgrade", "base"});
  REV_REQUIRE_EXIT(down, 0);
  CHECK_THAT(down.out, Contains("Reverted 3 steps") && Contains("at base"));
  CHECK(p.Heads().empty());
  CHECK_FALSE(p.HasTable("users"));
  CHECK_FALSE(p.HasTable("posts"));

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(p.db().Schema() == schema);
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade applied", "c upgrade applied",
                             "c downgrade applied", "b downgrade applied", "a downgrade applied",
                             "a upgrade applied", "b upgrade applied", "c upgrade applied"});
}

TEST_CASE("upgrade at head says so and writes nothing", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  Lines history = p.History();
  auto again = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(again, 0);
  CHECK_THAT(again.out, Contains("Already at c"));
  CHECK(p.History() == history);
}

TEST_CASE("upgrade of an empty folder creates no database file", "[cli][db]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  auto result = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("Already at base"));
  CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));
}

TEST_CASE("upgrade and downgrade step by step with relative targets", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "+2"}), 0);
  CHECK(p.Heads() == Lines{"b"});
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "-1"}), 0);
  CHECK(p.Heads() == Lines{"a"});
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "c"}), 0);
  CHECK(p.Heads() == Lines{"c"});
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "a"}), 0);
  CHECK(p.Heads() == Lines{"a"});
  CHECK(p.HasTable("users"));
  CHECK_FALSE(p.HasTable("posts"));
}

TEST_CASE("dry-run prints the plan and changes nothing", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));

  auto text = p.Rev({"upgrade", "--dry-run"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK_THAT(text.out, Contains("upgrade <base> -> a, revision a") &&
                           Contains("upgrade b -> c, revision c") && Contains("dry run"));
  auto json = p.Rev({"upgrade", "--dry-run", "--json"});
  REV_REQUIRE_EXIT(json, 0);
  auto steps = JsonOf(json)["steps"];
  REQUIRE(steps.size() == 3);
  CHECK(steps[0]["revision"] == "a");
  CHECK(steps[0]["from"] == nlohmann::json::array());
  CHECK(steps[2]["to"] == nlohmann::json::array({"c"}));
  if (p.db().is_sqlite()) {
    CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));
  } else {
    CHECK_FALSE(p.HasTable("rev_version"));
  }

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  Lines schema = p.db().Schema();
  std::string bytes = p.db().is_sqlite() ? ReadFile(p.db().sqlite_file()) : "";
  auto down = p.Rev({"downgrade", "base", "--dry-run", "--json"});
  REV_REQUIRE_EXIT(down, 0);
  auto down_steps = JsonOf(down)["steps"];
  REQUIRE(down_steps.size() == 2);
  CHECK(down_steps[0]["revision"] == "b");
  CHECK(down_steps[0]["direction"] == "downgrade");
  CHECK(p.db().Schema() == schema);
  CHECK(p.Heads() == Lines{"b"});
  if (p.db().is_sqlite()) CHECK(ReadFile(p.db().sqlite_file()) == bytes);
}

TEST_CASE("a failure in the middle of a chain keeps the steps before it", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b",
            {"a"},
            "CREATE TABLE t2 (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
            "DROP TABLE t2;"},
           {"c", {"b"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}});
  auto result = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(result, 1);
  // The file, the line of the failing statement (the header has 5 lines, then the marker),
  // and the database's own message.
  CHECK_THAT(result.err, Contains("rev: error: revisions/b_revision_b.sql:8:") &&
                             Contains("no_such_table") && Contains("1 of 3 steps applied"));
  CHECK(p.Heads() == Lines{"a"});
  CHECK(p.HasTable("t1"));
  CHECK_FALSE(p.HasTable("t2"));  // the failing revision left nothing behind
  CHECK_FALSE(p.HasTable("t3"));
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade failed"});

  auto json = p.Rev({"upgrade", "--json"});
  REV_REQUIRE_EXIT(json, 1);
  auto document = JsonOf(json);
  CHECK(document["applied"] == 0);
  CHECK(document["error"]["file"] == "revisions/b_revision_b.sql");
  CHECK(document["steps"][0]["status"] == "failed");
}

TEST_CASE("single-transaction runs the whole plan or none of it", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));
  p.Write({{"d", {"c"}, "INSERT INTO no_such_table VALUES (1);", ""}});
  auto failed = p.Rev({"upgrade", "--single-transaction"});
  REV_REQUIRE_EXIT(failed, 1);
  CHECK_THAT(failed.err, Contains("nothing changed"));
  CHECK(p.Heads().empty());
  CHECK_FALSE(p.HasTable("users"));

  auto done = p.Rev({"upgrade", "c", "--single-transaction"});
  REV_REQUIRE_EXIT(done, 0);
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.HasTable("posts"));
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "base", "--single-transaction"}), 0);
  CHECK(p.Heads().empty());
  CHECK_FALSE(p.HasTable("users"));
}

TEST_CASE("plans through missing sections are refused before anything runs", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", std::nullopt}, {"b", {"a"}, "", "SELECT 1;"}});
  auto empty_upgrade = p.Rev({"upgrade"});
  REV_CHECK_EXIT(empty_upgrade, 2);
  CHECK_THAT(empty_upgrade.err, Contains("b_revision_b.sql"));
  CHECK_FALSE(p.HasTable("t1"));

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
  auto no_downgrade = p.Rev({"downgrade", "base"});
  REV_CHECK_EXIT(no_downgrade, 2);
  CHECK_THAT(no_downgrade.err, Contains("a_revision_a.sql") && Contains("downgrade"));
  CHECK(p.Heads() == Lines{"a"});
}

TEST_CASE("a range target is for --sql only", "[cli][db]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  p.Write(UsersChain(3));
  auto result = p.Rev({"upgrade", "a:c"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("--sql"));
}

TEST_CASE("quiet upgrade prints only errors", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));
  auto quiet = p.Rev({"-q", "upgrade", "b"});
  REV_REQUIRE_EXIT(quiet, 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
  CHECK(p.Heads() == Lines{"b"});
  p.Write({{"d", {"c"}, "SELECT * FROM no_such_table;", ""}});
  auto failing = p.Rev({"upgrade", "-q"});
  REV_REQUIRE_EXIT(failing, 1);
  CHECK(failing.out.empty());
  CHECK_THAT(failing.err, Contains("rev: error: revisions/d_revision_d.sql"));
}

TEST_CASE("verbose upgrade prints one line per step with a mark and a duration", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));
  auto result = p.Rev({"upgrade", "-v"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("\u2713 upgrade <base> -> a, revision a (") &&
                             Contains("\u2713 upgrade b -> c, revision c (") && Contains(" ms)"));
  auto plain = p.Rev({"downgrade", "-1"});
  REV_REQUIRE_EXIT(plain, 0);
  CHECK_THAT(plain.out, !Contains("\u2713"));  // no terminal, no --verbose: no progress
}

TEST_CASE("upgrade --json reports every step and the heads", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(UsersChain(3));
  auto result = p.Rev({"upgrade", "--json"});
  REV_REQUIRE_EXIT(result, 0);
  auto document = JsonOf(result);
  CHECK(document["applied"] == 3);
  CHECK(document["heads"] == nlohmann::json::array({"c"}));
  REQUIRE(document["steps"].size() == 3);
  CHECK(document["steps"][1]["revision"] == "b");
  CHECK(document["steps"][1]["status"] == "applied");
  CHECK(document["steps"][1]["duration_ms"].is_number());
  CHECK_FALSE(document.contains("error"));
  auto noop = p.Rev({"upgrade", "--json"});
  REV_REQUIRE_EXIT(noop, 0);
  CHECK(JsonOf(noop)["steps"].empty());
}

TEST_CASE("several heads: upgrade head fails naming them, --auto-merge merges", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"},
           {"c", {"a"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}});
  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 2);
  CHECK_THAT(refused.err, Contains("b") && Contains("c") && Contains("rev merge heads") &&
                              Contains("rev upgrade heads") && Contains("@head"));
  if (p.db().is_sqlite()) CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));

  auto dry = p.Rev({"upgrade", "--auto-merge", "--dry-run"});
  REV_REQUIRE_EXIT(dry, 0);
  CHECK_THAT(dry.out, Contains("Would write a merge revision of b, c"));
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(p.revisions_dir())) {
    (void)entry;
    ++files;
  }
  CHECK(files == 3);

  auto merged = p.Rev({"upgrade", "--auto-merge"});
  REV_REQUIRE_EXIT(merged, 0);
  CHECK_THAT(merged.out, Contains("Wrote merge revision revisions/") && Contains("joining b, c") &&
                             Contains("Applied 4 steps"));
  Lines heads = p.Heads();
  REQUIRE(heads.size() == 1);
  CHECK(std::filesystem::exists(p.revisions_dir()));
  CHECK(p.HasTable("t2"));
  CHECK(p.HasTable("t3"));
  auto status = p.Rev({"status", "--json"});
  REV_REQUIRE_EXIT(status, 0);
  CHECK(JsonOf(status)["up_to_date"] == true);
  CHECK(JsonOf(status)["heads"] == nlohmann::json::array({heads[0]}));
}

TEST_CASE("auto_merge in rev.yaml merges without the flag", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, "auto_merge: true\n");
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"},
           {"c", {"a"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}});
  auto merged = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(merged, 0);
  CHECK_THAT(merged.out, Contains("Wrote merge revision revisions/") && Contains("joining b, c"));
  Lines heads = p.Heads();
  REQUIRE(heads.size() == 1);
  CHECK(heads != Lines{"b"});
  CHECK(heads != Lines{"c"});
  CHECK(p.HasTable("t2"));
  CHECK(p.HasTable("t3"));
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["up_to_date"] == true);
  CHECK(status["heads"] == nlohmann::json::array({heads[0]}));
}

size_t FilesIn(const std::filesystem::path& folder) {
  if (!std::filesystem::exists(folder)) return 0;
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    (void)entry;
    ++count;
  }
  return count;
}

TEST_CASE("upgrade --backup backs up before the first step, and not when at head", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  p.Write({{"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"}});
  auto result = p.Rev({"upgrade", "--backup"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("Backed up to backups/backup_a_"));
  CHECK(FilesIn(p.root() / "backups") == 2);  // the backup and its manifest
  CHECK(result.out.find("Backed up") < result.out.find("Applied 1 step"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "--backup"}), 0);
  CHECK(FilesIn(p.root() / "backups") == 2);
}

}  // namespace
}  // namespace rev::testing
