// rev squash through the built binary: the history up to a revision replaced by one base
// revision that builds the same schema, databases at that revision going on as before,
// databases inside it refused with the fix, and nothing written on every refusal.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

// a, b, c: users with a column added and an index; d after c: posts.
std::vector<Rev> Chain() {
  return {{"a",
           {},
           "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
           "DROP TABLE users;"},
          {"b",
           {"a"},
           "ALTER TABLE users ADD COLUMN name TEXT;",
           "ALTER TABLE users DROP COLUMN name;"},
          {"c", {"b"}, "CREATE INDEX users_email ON users (email);", "DROP INDEX users_email;"},
          {"d",
           {"c"},
           "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));",
           "DROP TABLE posts;"}};
}

std::string SchemaOf(const DbProject& p) {
  auto shown = p.Rev({"schema", "--json"});
  REV_REQUIRE_EXIT(shown, 0);
  return shown.out;
}

}  // namespace

TEST_CASE("a squashed history builds the same schema from base as the old chain",
          "[cli][squash][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  p.Write(Chain());
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  std::string before = SchemaOf(p);
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "base"}), 0);

  auto squashed = p.Rev({"squash", "c", "-m", "squash to c", "--rev-id", "sq", "--json"});
  REV_REQUIRE_EXIT(squashed, 0);
  auto document = JsonOf(squashed);
  CHECK(document["revision"] == "sq");
  CHECK(document["replaces"] == nlohmann::json::array({"a", "b", "c"}));
  CHECK(p.RevisionFiles() ==
        std::vector<std::string>{p.FileOf("d").filename().string(), "sq_squash_to_c.sql"});
  std::string text = ReadFile(p.revisions_dir() / "sq_squash_to_c.sql");
  CHECK_THAT(text, Contains("-- down_revision: null\n"));
  CHECK_THAT(text, Contains("-- replaces: [a, b, c]\n"));

  auto heads = p.Rev({"heads", "--json"});
  CHECK(JsonOf(heads)["heads"] == nlohmann::json::array({"d"}));
  REV_CHECK_EXIT(p.Rev({"validate"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(SchemaOf(p) == before);
  CHECK(p.Heads() == std::vector<std::string>{"d"});
}

TEST_CASE("a database at the revision a squash reached goes on without any command",
          "[cli][squash][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  p.Write(Chain());
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "c"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"squash", "c", "-m", "squash", "--rev-id", "sq"}), 0);

  // Reading commands read the row `c` as sq and change nothing.
  CHECK(JsonOf(p.Rev({"current", "--json"}))["current"] == nlohmann::json::array({"sq"}));
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["current"] == nlohmann::json::array({"sq"}));
  CHECK(status["unknown"].empty());
  CHECK(status["drift"].empty());
  REQUIRE(status["pending"].size() == 1);
  CHECK(p.Heads() == std::vector<std::string>{"c"});
  REV_CHECK_EXIT(p.Rev({"validate", "--db"}), 0);

  // The first change rewrites the row, says so in the history, then runs only d.
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(p.Heads() == std::vector<std::string>{"d"});
  auto history = p.History();
  REQUIRE(history.size() >= 2);
  CHECK(history[history.size() - 2] == "sq stamp stamped");
  CHECK(history.back() == "d upgrade applied");
  CHECK(p.HasTable("posts"));
  auto up_to_date = p.Rev({"status", "--exit-code"});
  REV_CHECK_EXIT(up_to_date, 0);
  CHECK_THAT(up_to_date.out, Contains("Up to date."));

  REV_REQUIRE_EXIT(p.Rev({"downgrade", "base"}), 0);
  CHECK(p.Heads().empty());
  CHECK_FALSE(p.HasTable("users"));
  CHECK_FALSE(p.HasTable("posts"));
}

TEST_CASE("a database inside the squashed stretch is refused with exit 4 and the fix",
          "[cli][squash][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  p.Write(Chain());
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"squash", "c", "--rev-id", "sq"}), 0);
  auto refused = p.Rev({"upgrade", "head"});
  REV_CHECK_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("the database is at b, which sq squashed"));
  CHECK_THAT(refused.err, Contains("upgrade it to c with a release that still has those files"));
  CHECK(p.Heads() == std::vector<std::string>{"b"});
  auto status = p.Rev({"status"});
  REV_CHECK_EXIT(status, 0);
  CHECK_THAT(status.out, Contains("Unknown:      b (inside a squash: upgrade it to c"));
  REV_CHECK_EXIT(p.Rev({"stamp", "head"}), 4);
  CHECK(p.Heads() == std::vector<std::string>{"b"});
}

TEST_CASE("a backup taken before a squash restores and replays after it", "[cli][squash][db]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Write(Chain());
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "c"}), 0);
  std::filesystem::create_directories(p.root() / "backups");
  REV_REQUIRE_EXIT(p.Rev({"backup", "-o", "backups/at_c.sqlite"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"squash", "c", "--rev-id", "sq"}), 0);

  auto restored = p.Rev({"restore", "backups/at_c.sqlite", "--yes"});
  REV_REQUIRE_EXIT(restored, 0);
  CHECK(p.Heads() == std::vector<std::string>{"d"});
  auto history = p.History();
  REQUIRE(history.size() >= 2);
  CHECK(history[history.size() - 2] == "sq stamp stamped");
  CHECK(history.back() == "d upgrade applied");
}

TEST_CASE("a squash up to a merge replaces the whole sub-graph", "[cli][squash]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Write({Rev("a", {}).Labels({"main"}).Sql("CREATE TABLE t (x INTEGER);", "DROP TABLE t;"),
           Rev("x", {}).Labels({"side"}).Sql("CREATE TABLE u (y TEXT);", "DROP TABLE u;"),
           Rev("b", {"a"}).Sql("CREATE INDEX t_x ON t (x);", "DROP INDEX t_x;"),
           Rev("m", {"b", "x"}).Merge(),
           Rev("n", {"m"}).Sql("CREATE VIEW v AS SELECT x FROM t;", "DROP VIEW v;")});
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  std::string before = SchemaOf(p);
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "base"}), 0);

  auto squashed = p.Rev({"squash", "m", "--rev-id", "sq", "--json"});
  REV_REQUIRE_EXIT(squashed, 0);
  CHECK(JsonOf(squashed)["replaces"] == nlohmann::json::array({"a", "x", "b", "m"}));
  std::string text =
      ReadFile(p.revisions_dir() / JsonOf(squashed)["path"].get<std::string>().substr(
                                       std::string("revisions/").size()));
  CHECK_THAT(text, Contains("-- branch_labels: [main, side]\n"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(SchemaOf(p) == before);
  CHECK(JsonOf(p.Rev({"show", "main@head", "--json"}))["revisions"][0]["revision"] == "n");
}

TEST_CASE("data statements in the replaced revisions are refused, or kept in order",
          "[cli][squash]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Write({{"a",
            {},
            "CREATE TABLE roles (id INTEGER PRIMARY KEY, name TEXT DEFAULT 'DELETE me');\n"
            "-- INSERT INTO roles VALUES (9, 'a comment');\n"
            "INSERT INTO roles VALUES (1, 'admin');",
            "DROP TABLE roles;"},
           {"b",
            {"a"},
            "UPDATE roles\n  SET name = 'owner' WHERE id = 1;",
            "UPDATE roles SET name = 'admin';"}});
  auto before = p.Snapshot();
  auto refused = p.Rev({"squash", "b"});
  REV_CHECK_EXIT(refused, 2);
  CHECK_THAT(refused.out, Contains(p.FileOf("a").filename().string() + ":9: INSERT INTO roles"));
  CHECK_THAT(refused.out, Contains(p.FileOf("b").filename().string() + ":7: UPDATE roles"));
  CHECK_THAT(refused.out, !Contains("a comment"));
  CHECK_THAT(refused.err, Contains("2 data statements"));
  CHECK_THAT(refused.err, Contains("--keep-data-statements"));
  CHECK(p.Snapshot() == before);

  auto kept = p.Rev({"squash", "b", "--keep-data-statements", "--rev-id", "sq"});
  REV_REQUIRE_EXIT(kept, 0);
  CHECK_THAT(kept.out, Contains("kept 2 data statements"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(p.Query("SELECT id || ':' || name FROM roles") == std::vector<std::string>{"1:owner"});
}

TEST_CASE("a squash is refused, writing nothing, where the stretch cannot be one revision",
          "[cli][squash]") {
  Project p;
  p.Write({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"side", {"a"}}, {"m", {"c", "side"}}});
  auto before = p.Snapshot();

  auto branch_off = p.Rev({"squash", "c"});
  REV_CHECK_EXIT(branch_off, 2);
  CHECK_THAT(branch_off.err, Contains("side"));
  CHECK_THAT(branch_off.err, Contains("branches off at a, inside the stretch"));

  auto nothing = p.Rev({"squash", "a"});
  REV_CHECK_EXIT(nothing, 2);
  CHECK_THAT(nothing.err, Contains("nothing to squash"));

  REV_CHECK_EXIT(p.Rev({"squash", "nosuch"}), 2);
  REV_CHECK_EXIT(p.Rev({"squash", "-1"}), 2);
  REV_CHECK_EXIT(p.Rev({"squash", "m", "--rev-id", "b"}), 2);
  CHECK(p.Snapshot() == before);
}

TEST_CASE("a squash is refused, writing nothing, when the schema holds what rev cannot rebuild",
          "[cli][squash]") {
  Project p;
  p.Write({{"a", {}, "CREATE VIRTUAL TABLE notes USING fts5(body);", "DROP TABLE notes;"},
           {"b", {"a"}, "CREATE TABLE t (x INTEGER);", "DROP TABLE t;"}});
  auto before = p.Snapshot();
  auto refused = p.Rev({"squash", "b"});
  REV_CHECK_EXIT(refused, 1);
  CHECK_THAT(refused.err, Contains("cannot rebuild from its catalog"));
  CHECK_THAT(refused.err, Contains("notes"));
  CHECK(p.Snapshot() == before);
}

}  // namespace rev::testing
