// rev diff, rev schema and rev create --autogenerate through the built binary: the SQL
// from head to schema.sql, drift against the live database, the revision written only
// once proven, and bad input (exit 2 at the file and line).
#include <catch2/catch.hpp>
#include <csignal>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

constexpr const char* kUsers =
    "CREATE TABLE users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  email TEXT NOT NULL UNIQUE\n"
    ");\n";

constexpr const char* kUsersAndPosts =
    "CREATE TABLE users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  email TEXT NOT NULL UNIQUE,\n"
    "  name TEXT\n"
    ");\n"
    "CREATE TABLE posts (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id),\n"
    "  title TEXT NOT NULL DEFAULT ''\n"
    ");\n"
    "CREATE INDEX posts_user ON posts(user_id);\n";

TEST_CASE("rev diff prints the SQL from head to schema.sql, exit 1, and exit 0 once they match",
          "[cli][schema]") {
  Project p;
  WriteFile(p.root() / "schema.sql", kUsers);
  auto differ = p.Rev({"diff"});
  REV_CHECK_EXIT(differ, 1);
  CHECK_THAT(differ.out, Contains("-- create_table users\nCREATE TABLE users ("));
  CHECK_THAT(differ.err, Contains("head and schema differ: 1 change"));

  p.Revision(Rev("a").Upgrade(kUsers).Downgrade("DROP TABLE users;"));
  auto same = p.Rev({"diff"});
  REV_CHECK_EXIT(same, 0);
  CHECK(same.out == "head and schema are the same\n");
  REV_CHECK_EXIT(p.Rev({"diff", "--from", "base", "--to", "head"}), 1);
}

TEST_CASE("rev diff --json lists each change with its kind, object, destructive flag and SQL",
          "[cli][schema]") {
  Project p;
  p.Revision(Rev("a").Upgrade("CREATE TABLE users (id INTEGER PRIMARY KEY, old TEXT);"));
  WriteFile(p.root() / "schema.sql", kUsersAndPosts);
  auto result = p.Rev({"diff", "--json"});
  REV_REQUIRE_EXIT(result, 1);
  auto document = JsonOf(result);
  CHECK(document["from"] == "head");
  CHECK(document["to"] == "schema");
  CHECK(document["same"] == false);
  std::vector<std::string> kinds;
  for (const auto& change : document["changes"]) {
    kinds.push_back(change["kind"].get<std::string>() + " " + change["object"].get<std::string>());
    CHECK(change["sql"].is_string());
  }
  CHECK(kinds == std::vector<std::string>{"create_table posts", "add_column users.email",
                                          "add_column users.name", "drop_column users.old",
                                          "add_constraint users.UNIQUE (email)",
                                          "rebuild_table users", "create_index posts_user"});
  CHECK(document["changes"][3]["destructive"] == true);
  CHECK(document["changes"][3]["in_rebuild"] == true);
  // A change the rebuild carries out shows the rebuild's SQL.
  CHECK_THAT(document["changes"][1]["sql"].get<std::string>(), Contains("users__rev_new"));
}

TEST_CASE("rev diff --from database --to head shows what was changed by hand", "[cli][schema]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  p.Revision(Rev("a")
                 .Upgrade("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER);")
                 .Downgrade("DROP TABLE t;"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  REV_CHECK_EXIT(p.Rev({"diff", "--from", "database", "--to", "head"}), 0);
  p.db().Execute("CREATE INDEX hand_made ON t (x);");
  auto drift = p.Rev({"diff", "--from", "database", "--to", "head"});
  REV_CHECK_EXIT(drift, 1);
  CHECK_THAT(drift.out, Contains("-- drop_index "));
  CHECK_THAT(drift.out, Contains("hand_made"));
}

TEST_CASE("rev schema shows the database's tables, columns, keys and indexes", "[cli][schema]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Revision(Rev("a").Upgrade(kUsersAndPosts));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  auto text = p.Rev({"schema"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK_THAT(text.out, Contains("posts\n  id INTEGER\n  user_id INTEGER NOT NULL\n"
                                "  title TEXT NOT NULL DEFAULT ''\n"));
  CHECK_THAT(text.out, Contains("FOREIGN KEY (user_id) REFERENCES users (id)"));
  CHECK_THAT(text.out, Contains("index posts_user"));
  CHECK_THAT(text.out, !Contains("rev_version"));

  auto json = JsonOf(p.Rev({"schema", "--json"}));
  CHECK(json["source"] == "database");
  REQUIRE(json["tables"].size() == 2);
  const auto& posts = json["tables"][0];
  CHECK(posts["name"] == "posts");
  CHECK(posts["columns"][1]["name"] == "user_id");
  CHECK(posts["columns"][1]["nullable"] == false);
  CHECK(posts["columns"][2]["default"] == "''");
  CHECK(posts["primary_key"] == nlohmann::json::array({"id"}));
  CHECK(posts["foreign_keys"][0]["references"] == "users");
  CHECK(JsonOf(p.Rev({"schema", "base", "--json"}))["tables"].empty());
}

TEST_CASE("create --autogenerate writes a proven revision, and with nothing to do writes nothing",
          "[cli][schema][create]") {
  DbProject p(DatabaseKind::kSqlite);
  WriteFile(p.root() / "schema.sql", kUsers);
  auto first = p.Rev({"create", "users", "--autogenerate"});
  REV_REQUIRE_EXIT(first, 0);
  CHECK_THAT(first.out, Contains("create_table users"));
  CHECK_THAT(first.out, Contains("proven on a scratch database"));
  REQUIRE(p.RevisionFiles().size() == 1);
  std::string file = ReadFile(p.revisions_dir() / p.RevisionFiles()[0]);
  CHECK_THAT(file, Contains("-- rev:upgrade\n-- create_table users\nCREATE TABLE users ("));
  CHECK_THAT(file, Contains("-- rev:downgrade\n-- drop_table users\n"));

  auto nothing = p.Rev({"create", "again", "--autogenerate"});
  REV_CHECK_EXIT(nothing, 0);
  CHECK_THAT(nothing.out, Contains("Nothing to do"));
  CHECK(p.RevisionFiles().size() == 1);

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  p.db().Execute("INSERT INTO users (email) VALUES ('a@example.com');");
  WriteFile(p.root() / "schema.sql",
            "CREATE TABLE users (\n"
            "  id INTEGER PRIMARY KEY,\n"
            "  email_address TEXT NOT NULL UNIQUE, -- rev:renamed-from email\n"
            "  age INTEGER\n"
            ");\n");
  REV_REQUIRE_EXIT(p.Rev({"create", "rename email", "--autogenerate"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(p.Query("SELECT email_address FROM users") == std::vector<std::string>{"a@example.com"});
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "-1"}), 0);
  CHECK(p.Query("SELECT email FROM users") == std::vector<std::string>{"a@example.com"});
}

TEST_CASE("create --autogenerate refuses destructive changes unless --allow-destructive",
          "[cli][schema][create]") {
  Project p;
  p.Revision(Rev("a").Upgrade("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"));
  WriteFile(p.root() / "schema.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, label TEXT);\n");
  auto refused = p.Rev({"create", "drop name", "--autogenerate"});
  REV_CHECK_EXIT(refused, 1);
  CHECK_THAT(refused.out, Contains("! drop_column users.name"));
  CHECK_THAT(refused.err, Contains("destructive"));
  CHECK_THAT(refused.err, Contains("-- rev:renamed-from name"));  // the likely rename
  CHECK(p.RevisionFiles().size() == 1);

  auto allowed = p.Rev({"create", "drop name", "--autogenerate", "--allow-destructive"});
  REV_REQUIRE_EXIT(allowed, 0);
  REQUIRE(p.RevisionFiles().size() == 2);
  std::string name = p.RevisionFiles()[0] == p.FileOf("a").filename() ? p.RevisionFiles()[1]
                                                                      : p.RevisionFiles()[0];
  std::string written = ReadFile(p.revisions_dir() / name);
  CHECK_THAT(written, Contains("-- destructive: drops column users.name and its values\n"
                               "ALTER TABLE \"users\" DROP COLUMN \"name\";"));
}

TEST_CASE("A schema.sql that does not load is exit 2 at its file and line, nothing written",
          "[cli][schema][create]") {
  Project p;
  WriteFile(p.root() / "schema.sql",
            "CREATE TABLE a (x INTEGER);\n\nCREATE TABLE b (y INTEGR,);\n");
  auto result = p.Rev({"create", "x", "--autogenerate"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("schema.sql:3"));
  CHECK_THAT(result.err, Contains("the schema file does not load"));
  CHECK(p.RevisionFiles().empty());

  std::filesystem::remove(p.root() / "schema.sql");
  auto missing = p.Rev({"diff"});
  REV_CHECK_EXIT(missing, 2);
  CHECK_THAT(missing.err, Contains("cannot read the schema file schema.sql"));
}

TEST_CASE("A revision that fails while replaying is exit 2 naming its file", "[cli][schema]") {
  Project p;
  p.Revision(Rev("a").Upgrade("CREATE TABLE t (x INTEGER);"));
  p.Revision(Rev("b", {"a"}).Upgrade("ALTER TABLE missing ADD COLUMN y INTEGER;"));
  WriteFile(p.root() / "schema.sql", kUsers);
  auto result = p.Rev({"diff"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains(p.FileOf("b").filename().string()));
  CHECK_THAT(result.err, Contains("revision b fails on a scratch database"));
}

TEST_CASE("A PostgreSQL project without a dev database is exit 2 with the fix", "[cli][schema]") {
  Project p("revisions: revisions\ndatabase: postgresql://nobody@127.0.0.1:1/none\n");
  WriteFile(p.root() / "schema.sql", kUsers);
  ProcessOptions options;
  options.env["REV_DEV_DATABASE_URL"] = std::nullopt;
  auto result = p.Rev({"diff"}, options);
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("needs a dev database"));
  CHECK_THAT(result.err, Contains("dev_database:"));
}

TEST_CASE("Dry runs and show list what each step creates, alters, drops and updates",
          "[cli][schema]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Revision(Rev("a")
                 .Upgrade("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT, y TEXT);")
                 .Downgrade("DROP TABLE t;"));
  p.Revision(Rev("b", {"a"})
                 .Upgrade("ALTER TABLE t RENAME COLUMN x TO z;\nCREATE INDEX t_y ON t (y);\n"
                          "UPDATE t SET y = upper(y);")
                 .Downgrade("DROP INDEX t_y;\nALTER TABLE t RENAME COLUMN z TO x;"));
  auto dry = p.Rev({"upgrade", "--dry-run"});
  REV_REQUIRE_EXIT(dry, 0);
  CHECK_THAT(dry.out, Contains("upgrade <base> -> a, revision a\n        create_table t\n"));
  CHECK_THAT(dry.out, Contains("        rename_column t.x -> z\n"));
  CHECK_THAT(dry.out, Contains("        create_index t_y\n"));
  CHECK_THAT(dry.out, Contains("        update_data t\n"));
  CHECK_FALSE(p.HasTable("t"));  // a dry run changes nothing

  auto json = JsonOf(p.Rev({"upgrade", "--dry-run", "--json"}));
  std::vector<std::string> kinds;
  for (const auto& change : json["steps"][1]["changes"]) kinds.push_back(change["kind"]);
  CHECK(kinds == std::vector<std::string>{"rename_column", "create_index", "update_data"});

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  auto down = p.Rev({"downgrade", "base", "--dry-run"});
  CHECK_THAT(down.out, Contains("        drop_index t_y\n"));
  CHECK_THAT(down.out, Contains("      ! drop_table t: drops table t and its rows\n"));

  auto show = p.Rev({"show", "b"});
  REV_REQUIRE_EXIT(show, 0);
  CHECK_THAT(show.out, Contains("Changes:\n        rename_column t.x -> z\n"));
}

TEST_CASE("validate --schema adds one finding when head differs from schema.sql",
          "[cli][schema][validate]") {
  Project p;
  p.Revision(Rev("a").Upgrade(kUsers));
  WriteFile(p.root() / "schema.sql", kUsers);
  REV_CHECK_EXIT(p.Rev({"validate", "--schema"}), 0);
  WriteFile(p.root() / "schema.sql", std::string(kUsers) + "CREATE TABLE extra (x INTEGER);\n");
  REV_CHECK_EXIT(p.Rev({"validate"}), 0);  // opt-in: it replays every revision
  auto differs = p.Rev({"validate", "--schema", "--json"});
  REV_CHECK_EXIT(differs, 1);
  auto document = JsonOf(differs);
  REQUIRE(document["errors"].size() == 1);
  CHECK(document["errors"][0]["code"] == "schema-differs");
  CHECK(document["errors"][0]["file"] == "schema.sql");
  CHECK_THAT(document["errors"][0]["message"].get<std::string>(), Contains("create_table extra"));
}

TEST_CASE("status -v shows the database's tables and columns", "[cli][schema][status]") {
  DbProject p(DatabaseKind::kSqlite);
  p.Revision(Rev("a").Upgrade(kUsers));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  auto plain = p.Rev({"status"});
  CHECK_THAT(plain.out, !Contains("Schema:"));
  auto verbose = p.Rev({"status", "-v"});
  REV_CHECK_EXIT(verbose, 0);
  CHECK_THAT(verbose.out, Contains("Schema:\n  users\n    id INTEGER\n    email TEXT NOT NULL\n"));
  auto json = JsonOf(p.Rev({"status", "-v", "--json"}));
  CHECK(json["schema"]["tables"][0]["name"] == "users");
}

TEST_CASE("create --autogenerate on PostgreSQL, and --concurrently for indexes alone",
          "[cli][schema][postgres]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres, DevDatabaseYaml(DatabaseKind::kPostgres));
  p.Revision(Rev("a")
                 .Upgrade("CREATE TABLE t (id integer PRIMARY KEY, x text);")
                 .Downgrade("DROP TABLE t;"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  p.db().Execute("INSERT INTO t VALUES (1, 'one');");
  WriteFile(p.root() / "schema.sql",
            "CREATE TABLE t (id integer PRIMARY KEY, x text, n integer NOT NULL DEFAULT 0);\n"
            "CREATE INDEX t_x ON t (x);\n");
  auto mixed = p.Rev({"create", "n and index", "--autogenerate", "--concurrently"});
  REV_CHECK_EXIT(mixed, 2);
  CHECK_THAT(mixed.err, Contains("index changes only"));

  WriteFile(p.root() / "schema.sql",
            "CREATE TABLE t (id integer PRIMARY KEY, x text, n integer NOT NULL DEFAULT 0);\n");
  REV_REQUIRE_EXIT(p.Rev({"create", "add n", "--autogenerate"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(p.Query("SELECT id, x, n FROM t") == std::vector<std::string>{"1|one|0"});

  WriteFile(p.root() / "schema.sql",
            "CREATE TABLE t (id integer PRIMARY KEY, x text, n integer NOT NULL DEFAULT 0);\n"
            "CREATE INDEX t_x ON t (x);\n");
  auto index = p.Rev({"create", "index x", "--autogenerate", "--concurrently"});
  REV_REQUIRE_EXIT(index, 0);
  std::string path = index.out.substr(index.out.rfind("revisions/"));
  std::string written = ReadFile(p.root() / path.substr(0, path.find('\n')));
  CHECK_THAT(written, Contains("-- transactional: false"));
  CHECK_THAT(written, Contains("CREATE INDEX CONCURRENTLY t_x ON public.t"));
  CHECK_THAT(written, Contains("DROP INDEX CONCURRENTLY"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  REV_CHECK_EXIT(p.Rev({"diff", "--from", "database", "--to", "schema"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "a"}), 0);
  CHECK(p.Query("SELECT id, x FROM t") == std::vector<std::string>{"1|one"});
}

// The scratch databases a rev process (by pid) left on the server.
std::vector<std::string> ScratchLeft(DbProject& p, pid_t pid) {
  return p.Query("SELECT datname FROM pg_database WHERE datname LIKE 'rev\\_scratch\\_" +
                 std::to_string(pid) + "\\_%'");
}

TEST_CASE("PostgreSQL scratch databases are dropped after success, failure and Ctrl-C",
          "[cli][schema][postgres]") {
  if (!PostgresUnderTest()) return;
  DbProject p(DatabaseKind::kPostgres, DevDatabaseYaml(DatabaseKind::kPostgres));
  p.Revision(Rev("a").Upgrade("CREATE TABLE t (id integer PRIMARY KEY);"));

  WriteFile(p.root() / "schema.sql", "CREATE TABLE t (id integer PRIMARY KEY, x text);\n");
  auto done = p.Start({"diff"});
  REV_CHECK_EXIT(done->Wait(), 1);
  CHECK(ScratchLeft(p, done->pid()).empty());

  WriteFile(p.root() / "schema.sql", "CREATE TABLE t (id integer PRIMARY KEY, x nosuchtype);\n");
  auto failed = p.Start({"diff"});
  REV_CHECK_EXIT(failed->Wait(), 2);
  CHECK(ScratchLeft(p, failed->pid()).empty());

  WriteFile(p.root() / "schema.sql",
            "CREATE TABLE t (id integer PRIMARY KEY);\nSELECT pg_sleep(60);\n");
  auto sleeping = p.Start({"diff"});
  REQUIRE(WaitUntil([&] {
    return p.Query(
               "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' "
               "AND datname LIKE 'rev\\_scratch\\_" +
               std::to_string(sleeping->pid()) + "\\_%'") == std::vector<std::string>{"1"};
  }));
  CHECK(ScratchLeft(p, sleeping->pid()).size() == 1);
  sleeping->Signal(SIGINT);
  auto interrupted = sleeping->Wait(30);
  REV_CHECK_EXIT(interrupted, 130);
  CHECK_THAT(interrupted.err, Contains("dropping the scratch databases"));
  CHECK(ScratchLeft(p, sleeping->pid()).empty());
}

}  // namespace
}  // namespace rev::testing
