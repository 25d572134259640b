// `rev import` of golang-migrate and Flyway projects, whose tools are not in Debian: their
// files are written to the tools' documentation, and their history tables are made and
// filled as the tools make and fill them. "What the tool ran" is each up script run as it
// stands through the database's own client, as those tools run them. Also the bad input of
// every file format: exit 2, file and line named, nothing written.
#include <catch2/catch.hpp>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;
using nlohmann::json;

struct Script {
  std::string file;
  std::string sql;
};

const std::vector<Script> kGolangUps = {
    {"1_create_users.up.sql",
     "BEGIN;\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
     "INSERT INTO users VALUES (1, 'ada');\nCOMMIT;\n"},
    {"2_add_email.up.sql", "ALTER TABLE users ADD COLUMN email TEXT;\n"},
    {"10_orders.up.sql",
     "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES "
     "users (id));\nINSERT INTO orders VALUES (7, 1);\n"},
};

void WriteGolangProject(const std::filesystem::path& folder) {
  for (const Script& up : kGolangUps) WriteFile(folder / up.file, up.sql);
  WriteFile(folder / "1_create_users.down.sql", "DROP TABLE users;\n");
  WriteFile(folder / "2_add_email.down.sql", "ALTER TABLE users DROP COLUMN email;\n");
  // 10 has no down file: downgrading through it must be refused.
}

// golang-migrate's own table: its PostgreSQL and SQLite drivers create these.
void MarkGolangMigrated(TestDatabase& db, const std::string& version, bool dirty) {
  db.Execute(db.is_sqlite()
                 ? "CREATE TABLE schema_migrations (version uint64, dirty bool);"
                   "CREATE UNIQUE INDEX version_unique ON schema_migrations (version);"
                 : "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, "
                   "dirty boolean NOT NULL);");
  db.Execute("INSERT INTO schema_migrations (version, dirty) VALUES (" + version + ", " +
             (dirty ? "TRUE" : "FALSE") + ")");
}

Lines Contents(const TestDatabase& db) {
  Lines contents;
  for (const std::string& line : db.Schema()) {
    if (line.find("schema_migrations") == std::string::npos &&
        line.find("flyway_schema_history") == std::string::npos &&
        line.find("rev_") == std::string::npos) {
      contents.push_back(line);
    }
  }
  for (const char* table : {"users", "orders", "person"}) {
    if (!db.HasTable(table)) continue;
    for (const std::string& row : db.Query(std::string("SELECT * FROM ") + table + " ORDER BY 1")) {
      contents.push_back(std::string(table) + ": " + row);
    }
  }
  return contents;
}

TEST_CASE("golang-migrate: --adopt at the recorded version, then only the rest runs, once",
          "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  WriteGolangProject(p.root() / "migrations");
  for (size_t i = 0; i < 2; ++i) p.db().Execute(kGolangUps[i].sql);
  MarkGolangMigrated(p.db(), "2", false);

  auto adopted = p.Rev({"import", "golang-migrate", "--adopt"});
  REV_REQUIRE_EXIT(adopted, 0);
  CHECK_THAT(adopted.out, Contains("Their own BEGIN/COMMIT dropped") &&
                              Contains("No down migration in the source") && Contains("  10") &&
                              Contains("at 2, as schema_migrations says") &&
                              Contains("Its schema matches"));
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["pending"] == json::array({"10"}));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);

  TestDatabase by_tool(kind);
  for (const Script& up : kGolangUps) by_tool.Execute(up.sql);
  CHECK(Contents(p.db()) == Contents(by_tool));
  auto refused = p.Rev({"downgrade", "base"});
  REV_CHECK_EXIT(refused, 2);
  CHECK_THAT(refused.err, Contains("10_orders.sql") && Contains("no downgrade section"));
}

TEST_CASE("golang-migrate: a dirty database is refused with exit 4, nothing written",
          "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteGolangProject(p.root() / "migrations");
  p.db().Execute(kGolangUps[0].sql);
  MarkGolangMigrated(p.db(), "2", true);
  auto before = p.Snapshot();
  auto refused = p.Rev({"import", "golang-migrate", "--adopt"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("dirty") && Contains("migrate force 2"));
  CHECK(p.Snapshot() == before);
  CHECK_FALSE(p.HasTable("rev_version"));
}

// Flyway's history table as Flyway 9 creates it on each database.
void MakeFlywayHistory(TestDatabase& db) {
  const std::string installed_on =
      db.is_sqlite() ? "TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now'))"
                     : "TIMESTAMP NOT NULL DEFAULT now()";
  db.Execute(
      "CREATE TABLE \"flyway_schema_history\" (\"installed_rank\" INT NOT NULL PRIMARY KEY, "
      "\"version\" VARCHAR(50), \"description\" VARCHAR(200) NOT NULL, "
      "\"type\" VARCHAR(20) NOT NULL, \"script\" VARCHAR(1000) NOT NULL, "
      "\"checksum\" INT, \"installed_by\" VARCHAR(100) NOT NULL, \"installed_on\" " +
      installed_on +
      ", \"execution_time\" INT NOT NULL, \"success\" BOOLEAN NOT NULL);"
      "CREATE INDEX \"flyway_schema_history_s_idx\" ON \"flyway_schema_history\" (\"success\");");
}

void AddFlywayRow(TestDatabase& db, int rank, const std::string& version, const std::string& type,
                  const std::string& script, bool success) {
  db.Execute(
      "INSERT INTO flyway_schema_history (installed_rank, version, description, type, "
      "script, checksum, installed_by, execution_time, success) VALUES (" +
      std::to_string(rank) + ", '" + version + "', 'd', '" + type + "', '" + script +
      "', 1234, 'app', 12, " + (success ? "TRUE" : "FALSE") + ")");
}

const std::vector<Script> kFlywayScripts = {
    {"V1__Create_person.sql",
     "CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT);\n"
     "INSERT INTO person VALUES (1, '${owner}');\n"},
    {"V1_1__Add_email.sql", "ALTER TABLE person ADD COLUMN email TEXT;\n"},
    {"V2__Person_index.sql", "CREATE INDEX person_name ON person (name);\n"},
};

void WriteFlywayProject(const std::filesystem::path& folder) {
  for (const Script& script : kFlywayScripts) WriteFile(folder / script.file, script.sql);
  WriteFile(folder / "U1_1__Add_email.sql", "ALTER TABLE person DROP COLUMN email;\n");
  WriteFile(folder / "U2__Person_index.sql", "DROP INDEX person_name;\n");
  WriteFile(folder / "R__Person_view.sql", "CREATE VIEW people AS SELECT name FROM person;\n");
}

std::string Resolved(const std::string& sql) {
  std::string text = sql;
  size_t at = text.find("${owner}");
  if (at != std::string::npos) text.replace(at, 8, "flyway");
  return text;
}

TEST_CASE("Flyway: --adopt reads flyway_schema_history as Flyway fills it", "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  WriteFlywayProject(p.root() / "sql");
  for (size_t i = 0; i < 2; ++i) p.db().Execute(Resolved(kFlywayScripts[i].sql));
  MakeFlywayHistory(p.db());
  AddFlywayRow(p.db(), 1, "1", "SQL", "V1__Create_person.sql", true);
  AddFlywayRow(p.db(), 2, "1.1", "SQL", "V1_1__Add_email.sql", true);

  auto adopted = p.Rev({"import", "flyway", "--adopt", "--placeholder", "owner=flyway"});
  REV_REQUIRE_EXIT(adopted, 0);
  CHECK_THAT(adopted.err, Contains("R__Person_view.sql") && Contains("no repeatable"));
  CHECK_THAT(adopted.out,
             Contains("at 1_1, as flyway_schema_history says") && Contains("Its schema matches"));
  CHECK(JsonOf(p.Rev({"status", "--json"}))["pending"] == json::array({"2"}));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  TestDatabase by_tool(kind);
  for (const Script& script : kFlywayScripts) by_tool.Execute(Resolved(script.sql));
  CHECK(Contents(p.db()) == Contents(by_tool));
  CHECK(p.Query("SELECT count(*) FROM flyway_schema_history") == Lines{"2"});
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "1"}), 0);  // the undo scripts are the downgrades
  CHECK_FALSE(p.Query("SELECT * FROM person") == Lines{});
}

TEST_CASE("Flyway: a baseline, an undo and a failed row in the history", "[cli][db][import]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  SECTION("a baseline at 1.1 counts 1 and 1.1 as applied") {
    DbProject p(kind);
    WriteFlywayProject(p.root() / "sql");
    MakeFlywayHistory(p.db());
    AddFlywayRow(p.db(), 1, "1.1", "BASELINE", "<< Flyway Baseline >>", true);
    REV_REQUIRE_EXIT(p.Rev({"import", "flyway", "--adopt", "--placeholder", "owner=x"}), 0);
    CHECK(p.Heads() == Lines{"1_1"});
  }
  SECTION("an undone version is not applied") {
    DbProject p(kind);
    WriteFlywayProject(p.root() / "sql");
    MakeFlywayHistory(p.db());
    AddFlywayRow(p.db(), 1, "1", "SQL", "V1__Create_person.sql", true);
    AddFlywayRow(p.db(), 2, "1.1", "SQL", "V1_1__Add_email.sql", true);
    AddFlywayRow(p.db(), 3, "1.1", "UNDO_SQL", "U1_1__Add_email.sql", true);
    REV_REQUIRE_EXIT(p.Rev({"import", "flyway", "--adopt", "--placeholder", "owner=x"}), 0);
    CHECK(p.Heads() == Lines{"1"});
  }
  SECTION("a failed migration is refused with exit 4, nothing written") {
    DbProject p(kind);
    WriteFlywayProject(p.root() / "sql");
    MakeFlywayHistory(p.db());
    AddFlywayRow(p.db(), 1, "1", "SQL", "V1__Create_person.sql", true);
    AddFlywayRow(p.db(), 2, "1.1", "SQL", "V1_1__Add_email.sql", false);
    auto before = p.Snapshot();
    auto refused = p.Rev({"import", "flyway", "--adopt", "--placeholder", "owner=x"});
    REV_REQUIRE_EXIT(refused, 4);
    CHECK_THAT(refused.err, Contains("failed migration, version 1.1") && Contains("flyway repair"));
    CHECK(p.Snapshot() == before);
  }
}

// Runs `rev import ARGS` and checks it failed with exit 2 naming `located` (file:line),
// leaving the project exactly as it was.
void CheckRefused(const Project& p, const std::vector<std::string>& args,
                  const std::string& located) {
  auto before = p.Snapshot();
  auto refused = p.Rev(args);
  REV_CHECK_EXIT(refused, 2);
  CHECK_THAT(refused.err, Contains(located));
  CHECK(p.Snapshot() == before);
}

TEST_CASE("Bad input to rev import: exit 2 naming the file and line, nothing written",
          "[cli][import]") {
  Project p;
  WriteFile(p.root() / "gm/1_a.up.sql", "SELECT 1;\n");
  WriteFile(p.root() / "gm/01_b.up.sql", "SELECT 2;\n");
  CheckRefused(p, {"import", "golang-migrate", "gm"}, "version 1 is used twice");
  CheckRefused(p, {"import", "flyway", "gm"}, "gm holds no flyway migrations");
  WriteFile(p.root() / "dbm/1_a.sql", "CREATE TABLE t (x INT);\n-- migrate:down\nDROP TABLE t;\n");
  CheckRefused(p, {"import", "dbmate", "dbm"}, "dbm/1_a.sql:2: `-- migrate:down` before");
  WriteFile(p.root() / "fw/V1__a.sql", "SELECT 1;\n\nSELECT '${who}';\n");
  CheckRefused(p, {"import", "flyway", "fw"}, "fw/V1__a.sql:3: placeholder ${who} has no value");
  CheckRefused(p, {"import", "flyway", "fw", "--placeholder", "who"}, "is not name=value");
  CheckRefused(p, {"import", "liquibase", "fw"}, "name one of: alembic, flyway");
  CheckRefused(p, {"import", "dbmate", "missing"}, "'missing' is not a folder");

  REV_REQUIRE_EXIT(p.Rev({"import", "flyway", "fw", "--placeholder", "who=me"}), 0);
  CheckRefused(p, {"import", "flyway", "fw", "--placeholder", "who=me"},
               "revision 1 (from fw/V1__a.sql:1) is already in revisions/1_a.sql");
}

}  // namespace
}  // namespace rev::testing
