// The SQLite side of the schema engine on real SQLite: what the introspector reads back,
// and migrations generated between two schemas, proven both ways with sample rows.
#include <catch2/catch.hpp>

#include "engine/schema/introspect.h"
#include "tests/support/schema_fixtures.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::schema::Constraint;
using engine::schema::ObjectKind;
using engine::schema::Schema;
using Names = std::vector<std::string>;

constexpr DatabaseKind kSqlite = DatabaseKind::kSqlite;

TEST_CASE("The SQLite introspector reads tables, keys, checks, indexes, views and triggers",
          "[schema][sqlite]") {
  Schema schema = LoadedSchema(kSqlite, R"sql(
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL COLLATE NOCASE UNIQUE,
      age INTEGER DEFAULT 0 CHECK (age >= 0),
      twice INTEGER GENERATED ALWAYS AS (age * 2) STORED
    );
    CREATE TABLE tags (name TEXT PRIMARY KEY, weight REAL) WITHOUT ROWID;
    CREATE TABLE points (x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY (x, y)) STRICT;
    CREATE TABLE posts (
      id INTEGER PRIMARY KEY,
      user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
      title TEXT,
      CONSTRAINT title_short CHECK (length(title) < 100)
    );
    CREATE INDEX posts_title ON posts(lower(title)) WHERE title IS NOT NULL;
    CREATE VIEW user_posts AS SELECT users.email, posts.title FROM users JOIN posts ON posts.user_id = users.id;
    CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN SELECT 1; END;
    CREATE TABLE rev_version (version_num TEXT);
  )sql");
  REQUIRE(schema.tables.size() == 4);  // rev's own table left out
  const auto* users = schema.FindTable("users");
  REQUIRE(users != nullptr);
  REQUIRE(users->columns.size() == 4);
  CHECK(users->columns[1].type == "TEXT");
  CHECK(users->columns[1].not_null);
  CHECK(users->columns[1].definition == "TEXT NOT NULL COLLATE NOCASE UNIQUE");
  CHECK(users->columns[2].default_value == std::optional<std::string>("0"));
  CHECK(users->columns[3].generated_stored);
  Names definitions;
  for (const auto& constraint : users->constraints) definitions.push_back(constraint.definition);
  CHECK(definitions == Names{"PRIMARY KEY (id)", "UNIQUE (email)"});

  CHECK(schema.FindTable("tags")->options == "WITHOUT ROWID");
  CHECK(schema.FindTable("points")->options == "STRICT");
  CHECK(schema.FindTable("points")->constraints.front().definition == "PRIMARY KEY (x, y)");

  const auto* posts = schema.FindTable("posts");
  Names post_constraints;
  for (const auto& constraint : posts->constraints) {
    post_constraints.push_back(constraint.name + ":" + constraint.definition);
  }
  CHECK(
      post_constraints ==
      Names{":PRIMARY KEY (id)", "title_short:CHECK (length(title) < 100)",
            ":FOREIGN KEY (user_id) REFERENCES users (id) ON UPDATE NO ACTION ON DELETE CASCADE"});

  const auto* index = schema.FindObject(ObjectKind::kIndex, "posts_title");
  REQUIRE(index != nullptr);
  CHECK(index->table == "posts");
  CHECK(index->definition ==
        "CREATE INDEX posts_title ON posts(lower(title)) WHERE title IS NOT NULL");
  const auto* view = schema.FindObject(ObjectKind::kView, "user_posts");
  REQUIRE(view != nullptr);
  CHECK(view->depends_on == Names{"users", "posts"});
  const auto* trigger = schema.FindObject(ObjectKind::kTrigger, "posts_touch");
  REQUIRE(trigger != nullptr);
  CHECK(trigger->table == "posts");
  CHECK(schema.not_compared.empty());
}

TEST_CASE("A virtual table is listed as not compared, never skipped silently", "[schema][sqlite]") {
  Schema schema = LoadedSchema(kSqlite, "CREATE VIRTUAL TABLE docs USING fts5(body);");
  CHECK(schema.tables.empty());
  CHECK(schema.not_compared == Names{"virtual table docs"});
}

TEST_CASE("Adding and dropping a plain column uses ALTER TABLE and keeps the rows",
          "[schema][sqlite]") {
  auto migration =
      RequireProven(kSqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, c INTEGER DEFAULT 7);");
  CHECK(ChangeNames(migration.upgrade) == Names{"add_column t.c", "drop_column t.b"});
  CHECK_THAT(migration.upgrade_script,
             Catch::Contains("ALTER TABLE \"t\" ADD COLUMN \"c\" INTEGER DEFAULT 7;"));
  CHECK_THAT(migration.upgrade_script, Catch::Contains("ALTER TABLE \"t\" DROP COLUMN \"b\";"));
  CHECK_THAT(migration.upgrade_script, Catch::Contains("-- destructive: drops column t.b"));
}

TEST_CASE("A change ALTER TABLE cannot make rebuilds the table, rows, indexes and views kept",
          "[schema][sqlite]") {
  const char* before = R"sql(
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
    CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), title TEXT);
    CREATE INDEX posts_user ON posts(user_id);
    CREATE VIEW titles AS SELECT title FROM posts;
    CREATE TRIGGER posts_guard BEFORE DELETE ON posts BEGIN SELECT 1; END;
  )sql";
  const char* after = R"sql(
    CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);
    CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        title TEXT NOT NULL DEFAULT '' CHECK (length(title) < 300));
    CREATE INDEX posts_user ON posts(user_id);
    CREATE VIEW titles AS SELECT title FROM posts;
    CREATE TRIGGER posts_guard BEFORE DELETE ON posts BEGIN SELECT 1; END;
  )sql";
  auto migration = RequireProven(kSqlite, before, after);
  Names names = ChangeNames(migration.upgrade);
  CHECK(std::find(names.begin(), names.end(), "rebuild_table posts") != names.end());
  CHECK(std::find(names.begin(), names.end(), "create_view titles") != names.end());
  CHECK_THAT(migration.upgrade_script, Catch::Contains("INSERT INTO \"posts__rev_new\""));
  CHECK_THAT(migration.upgrade_script,
             Catch::Contains("ALTER TABLE \"posts__rev_new\" RENAME TO \"posts\""));
}

TEST_CASE("Renames from hints keep the values, without hints the column is dropped",
          "[schema][sqlite]") {
  const char* before = "CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT);";
  const char* after = "CREATE TABLE users (id INTEGER PRIMARY KEY, full_name TEXT);";
  auto renamed = RequireProven(kSqlite, before, after,
                               {{"users", "", "members"}, {"users", "full_name", "name"}});
  CHECK(ChangeNames(renamed.upgrade) ==
        Names{"rename_table members -> users", "rename_column users.name -> full_name"});
  CHECK(ChangeNames(renamed.downgrade) ==
        Names{"rename_table users -> members", "rename_column members.full_name -> name"});
  CHECK_FALSE(engine::schema::AnyDestructive(renamed.upgrade));

  auto dropped = GenerateAndProve(kSqlite, before, after);
  CHECK(engine::schema::AnyDestructive(dropped.migration.upgrade));
}

TEST_CASE("WITHOUT ROWID, STRICT, generated columns and triggers survive a proof",
          "[schema][sqlite]") {
  RequireProven(
      kSqlite, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);",
      R"sql(CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT, n INTEGER AS (length(v))) WITHOUT ROWID;
                      CREATE TABLE nums (a INTEGER, b REAL) STRICT;
                      CREATE TRIGGER kv_guard BEFORE DELETE ON kv BEGIN SELECT 1; END;)sql");
}

TEST_CASE("Collation, generated columns, key actions, options, partial indexes and triggers change",
          "[schema][sqlite]") {
  struct Pair {
    const char* name;
    const char* before;
    const char* after;
  };
  const Pair pairs[] = {
      {"collation", "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT COLLATE NOCASE);"},
      {"generated", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, g INTEGER AS (a + 1));",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, g INTEGER AS (a * 2) STORED);"},
      {"key action",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); "
       "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id));",
       "CREATE TABLE p (id INTEGER PRIMARY KEY); "
       "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE SET "
       "NULL);"},
      {"without rowid", "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);",
       "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;"},
      {"partial index",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT); CREATE INDEX t_s ON t (s);",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT); CREATE INDEX t_s ON t (s) WHERE s <> '';"},
      {"trigger",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER); "
       "CREATE TRIGGER t_n AFTER UPDATE ON t BEGIN SELECT 1; END;",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER); "
       "CREATE TRIGGER t_n AFTER INSERT ON t BEGIN SELECT 2; END;"},
      {"unique", "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT);",
       "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, UNIQUE (s));"},
  };
  for (const Pair& pair : pairs) {
    INFO(pair.name);
    auto migration = RequireProven(kSqlite, pair.before, pair.after);
    CHECK_FALSE(migration.upgrade.empty());
    CHECK_FALSE(migration.downgrade.empty());
  }
}

TEST_CASE("A proof fails when the upgrade loses rows the schemas keep", "[schema][sqlite]") {
  // NOT NULL without a default on a table that has rows: the rebuild's copy fails.
  auto proven =
      GenerateAndProve(kSqlite, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);",
                       "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT NOT NULL);");
  CHECK(engine::schema::AnyDestructive(proven.migration.upgrade));
  CHECK(proven.proof.code() == StatusCode::kFailed);
  CHECK_THAT(proven.proof.message(), Catch::Contains("the generated upgrade fails"));
}

}  // namespace
}  // namespace rev::testing
