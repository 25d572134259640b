// `rev import dbmate` against dbmate itself (the npm package, installed by scripts/test.sh):
// the same migrations run by dbmate into one database and, imported, by rev into another
// give the same schema and rows after every step, up and down; and a database dbmate took
// halfway is adopted, so that `rev upgrade head` runs only the rest, once.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/backends/database_url.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

std::string DbmateBinary() {
  const char* configured = std::getenv("REV_TEST_DBMATE");
  std::string path = configured != nullptr
                         ? configured
                         : std::string(REV_SOURCE_DIR) +
                               "/scripts/bench/work/node_modules/@dbmate/linux-x64/bin/dbmate";
  INFO("dbmate is installed by scripts/bench/install_dbmate.sh (scripts/test.sh runs it)");
  REQUIRE(std::filesystem::exists(path));
  return path;
}

// The database's URL as dbmate writes it.
std::string DbmateUrl(const TestDatabase& db) {
  if (db.is_sqlite()) return "sqlite:" + db.sqlite_file().string();
  UriParts parts = SplitUri(db.url_text());
  return "postgres://" + parts.user + ":" + parts.password + "@" + parts.host + ":" + parts.port +
         "/" + parts.dbname + "?sslmode=disable";
}

// Five migrations as dbmate's documentation writes them: data, an empty one, an ALTER, an
// index outside a transaction (CONCURRENTLY on PostgreSQL), and a foreign key.
std::vector<std::pair<std::string, std::string>> Migrations(DatabaseKind kind) {
  const std::string concurrently = kind == DatabaseKind::kPostgres ? "CONCURRENTLY " : "";
  return {
      {"20240101000001_create_users.sql",
       "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
       "INSERT INTO users (id, name) VALUES (1, 'ada');\n\n"
       "-- migrate:down\nDROP TABLE users;\n"},
      {"20240101000002_nothing_yet.sql", "-- migrate:up\n\n-- migrate:down\n\n"},
      {"20240101000003_add_email.sql",
       "-- migrate:up\nALTER TABLE users ADD COLUMN email TEXT;\n"
       "UPDATE users SET email = name || '@example.com';\n\n"
       "-- migrate:down\nALTER TABLE users DROP COLUMN email;\n"},
      {"20240101000004_email_index.sql", "-- migrate:up transaction:false\nCREATE INDEX " +
                                             concurrently +
                                             "users_email ON users (email);\n\n"
                                             "-- migrate:down transaction:false\nDROP INDEX " +
                                             concurrently + "users_email;\n"},
      {"20240101000005_orders.sql",
       "-- migrate:up\nCREATE TABLE orders (id INTEGER PRIMARY KEY, "
       "user_id INTEGER NOT NULL REFERENCES users (id));\n"
       "INSERT INTO orders (id, user_id) VALUES (10, 1);\n\n"
       "-- migrate:down\nDROP TABLE orders;\n"},
  };
}

void WriteMigrations(const std::filesystem::path& folder, DatabaseKind kind, size_t count) {
  auto migrations = Migrations(kind);
  for (size_t i = 0; i < count; ++i) WriteFile(folder / migrations[i].first, migrations[i].second);
}

void Dbmate(const TestDatabase& db, const std::filesystem::path& folder, const std::string& verb) {
  auto result = RunProcess({DbmateBinary(), "--url", DbmateUrl(db), "--migrations-dir",
                            folder.string(), "--no-dump-schema", verb});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
}

// The schema and rows a user would compare, without dbmate's and rev's own tables.
Lines Contents(const TestDatabase& db) {
  Lines contents;
  for (const std::string& line : db.Schema()) {
    if (line.find("schema_migrations") == std::string::npos &&
        line.find("rev_") == std::string::npos) {
      contents.push_back(line);
    }
  }
  for (const char* table : {"users", "orders"}) {
    if (!db.HasTable(table)) continue;
    for (const std::string& row :
         db.Query(std::string("SELECT * FROM ") + table + " ORDER BY id")) {
      contents.push_back(std::string(table) + ": " + row);
    }
  }
  return contents;
}

TEST_CASE("dbmate: the same schema and rows as dbmate after every step, up and down",
          "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  TestDatabase by_dbmate(kind);
  TempDir dbmate_folder;
  WriteMigrations(p.root() / "db/migrations", kind, 5);

  auto imported = p.Rev({"import", "dbmate"});
  REV_REQUIRE_EXIT(imported, 0);
  CHECK_THAT(imported.out, Contains("Imported 5 revisions from dbmate (db/migrations)") &&
                               Contains("20240101000004: the source says so") &&
                               Contains("Kept as deliberate no-ops") && Contains("20240101000002"));
  for (size_t step = 1; step <= 5; ++step) {
    WriteMigrations(dbmate_folder.path(), kind, step);
    Dbmate(by_dbmate, dbmate_folder.path(), "migrate");
    REV_REQUIRE_EXIT(p.Rev({"upgrade", "+1"}), 0);
    INFO("after step " << step);
    CHECK(Contents(p.db()) == Contents(by_dbmate));
  }
  for (size_t step = 5; step >= 1; --step) {
    Dbmate(by_dbmate, dbmate_folder.path(), "rollback");
    REV_REQUIRE_EXIT(p.Rev({"downgrade", "-1"}), 0);
    INFO("after undoing step " << step);
    CHECK(Contents(p.db()) == Contents(by_dbmate));
  }
  CHECK(Contents(p.db()).empty());
}

TEST_CASE("dbmate: --adopt a database dbmate took halfway; upgrade runs only the rest, once",
          "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  TempDir halfway;
  WriteMigrations(halfway.path(), kind, 3);
  Dbmate(p.db(), halfway.path(), "migrate");
  WriteMigrations(p.root() / "db/migrations", kind, 5);

  auto adopted = p.Rev({"import", "dbmate", "--adopt"});
  REV_REQUIRE_EXIT(adopted, 0);
  CHECK_THAT(adopted.out, Contains("at 20240101000003, as schema_migrations says") &&
                              Contains("Its schema matches"));
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["current"] == nlohmann::json::array({"20240101000003"}));
  CHECK(status["pending"] == nlohmann::json::array({"20240101000004", "20240101000005"}));

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  CHECK(p.Query("SELECT count(*) FROM users") == Lines{"1"});  // migration 1 ran once
  CHECK(p.Query("SELECT count(*) FROM orders") == Lines{"1"});
  CHECK(p.Query("SELECT count(*) FROM schema_migrations") == Lines{"3"});  // left untouched
  TestDatabase by_dbmate(kind);
  Dbmate(by_dbmate, p.root() / "db/migrations", "migrate");
  CHECK(Contents(p.db()) == Contents(by_dbmate));
}

TEST_CASE("dbmate: --adopt refuses applied versions with a gap below the latest",
          "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteMigrations(p.root() / "db/migrations", kind, 5);
  Dbmate(p.db(), p.root() / "db/migrations", "migrate");
  p.db().Execute("DELETE FROM schema_migrations WHERE version = '20240101000002'");
  auto before = p.Snapshot();

  auto refused = p.Rev({"import", "dbmate", "--adopt"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("but not 20240101000002") && Contains("dbmate up"));
  CHECK(p.Snapshot() == before);
}

}  // namespace
}  // namespace rev::testing
