// The file readers of `rev import` (golang-migrate, dbmate, Flyway) and what turns their
// migrations into revisions: real folders in temp dirs, files written as each tool's
// documentation writes them.
#include <catch2/catch.hpp>

#include "engine/importers/readers.h"
#include "engine/importers/sql_statements.h"
#include "engine/importers/to_revisions.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

using engine::importers::ImportedProject;
using engine::importers::ImportedRevisions;
using engine::importers::ReadDbmate;
using engine::importers::ReadFlyway;
using engine::importers::ReadGolangMigrate;
using engine::importers::ReadOptions;
using engine::importers::ToRevisions;
using Names = std::vector<std::string>;

Names KeysOf(const ImportedProject& project) {
  Names keys;
  for (const auto& migration : project.migrations) keys.push_back(migration.key);
  return keys;
}

ImportedRevisions Converted(const ImportedProject& project) {
  auto converted = ToRevisions(project, "2026-12-06T10:00:00Z");
  REQUIRE(converted.ok());
  return std::move(*converted);
}

TEST_CASE("golang-migrate: pairs are ordered by the version's value, downs kept") {
  TempDir dir;
  WriteFile(dir / "10_add_email.up.sql", "ALTER TABLE users ADD email TEXT;\n");
  WriteFile(dir / "10_add_email.down.sql", "ALTER TABLE users DROP COLUMN email;\n");
  WriteFile(dir / "2_create_users.up.sql", "CREATE TABLE users (id INT);\n");
  WriteFile(dir / "2_create_users.down.sql", "DROP TABLE users;\n");
  WriteFile(dir / "README.md", "not a migration\n");
  auto project = ReadGolangMigrate(dir.path());
  REQUIRE(project.ok());
  CHECK(KeysOf(*project) == Names{"2", "10"});
  CHECK(project->migrations[0].message == "create users");
  CHECK(project->migrations[1].downgrade_sql == "ALTER TABLE users DROP COLUMN email;\n");
  ImportedRevisions revisions = Converted(*project);
  REQUIRE(revisions.revisions.size() == 2);
  CHECK(revisions.revisions[0].down_revisions.empty());
  REQUIRE(revisions.revisions[1].down_revisions.size() == 1);
  CHECK(revisions.revisions[1].down_revisions[0].str() == "2");
}

TEST_CASE("golang-migrate: one version twice is refused naming both files") {
  TempDir dir;
  WriteFile(dir / "1_a.up.sql", "SELECT 1;\n");
  WriteFile(dir / "001_b.up.sql", "SELECT 2;\n");
  auto project = ReadGolangMigrate(dir.path());
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(),
             Catch::Contains("1_a.up.sql") && Catch::Contains("001_b.up.sql"));
}

TEST_CASE("golang-migrate: a down file without its up, and a folder of something else") {
  TempDir dir;
  WriteFile(dir / "3_x.down.sql", "SELECT 1;\n");
  auto lonely = ReadGolangMigrate(dir.path());
  REQUIRE_FALSE(lonely.ok());
  CHECK(lonely.status().location()->file == (dir / "3_x.down.sql").string());

  TempDir other;
  WriteFile(other / "V1__init.sql", "SELECT 1;\n");
  auto wrong = ReadGolangMigrate(other.path());
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.status().message(), Catch::Contains("holds no golang-migrate migrations"));
}

TEST_CASE("dbmate: sections, transaction:false and a missing down section") {
  TempDir dir;
  WriteFile(dir / "20240101120000_create_users.sql",
            "-- migrate:up\nCREATE TABLE users (id INT);\n\n-- migrate:down\nDROP TABLE users;\n");
  WriteFile(dir / "20240102120000_index.sql",
            "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY users_id ON users (id);\n");
  auto project = ReadDbmate(dir.path());
  REQUIRE(project.ok());
  CHECK(KeysOf(*project) == Names{"20240101120000", "20240102120000"});
  CHECK(project->migrations[0].upgrade_sql == "CREATE TABLE users (id INT);\n\n");
  CHECK(project->migrations[0].downgrade_sql == "DROP TABLE users;\n");
  CHECK(project->migrations[1].transactional == false);
  CHECK_FALSE(project->migrations[1].downgrade_sql.has_value());
  ImportedRevisions revisions = Converted(*project);
  CHECK(revisions.without_downgrade == Names{"20240102120000"});
  CHECK_FALSE(revisions.revisions[1].transactional);
  CHECK_FALSE(revisions.revisions[1].downgrade_marker);
}

TEST_CASE("dbmate: a file without an up section names its file and line") {
  TempDir dir;
  WriteFile(dir / "1_ok.sql", "-- migrate:up\nSELECT 1;\n");
  WriteFile(dir / "2_bad.sql", "CREATE TABLE t (x INT);\n-- migrate:down\nDROP TABLE t;\n");
  auto project = ReadDbmate(dir.path());
  REQUIRE_FALSE(project.ok());
  REQUIRE(project.status().location());
  CHECK(project.status().location()->file == (dir / "2_bad.sql").string());
  CHECK(project.status().location()->line == 2);
}

TEST_CASE("Flyway: versions, undo scripts, repeatables and placeholders") {
  TempDir dir;
  WriteFile(dir / "V1__Create_person.sql", "CREATE TABLE ${schema}.person (id INT);\n");
  WriteFile(dir / "nested/V1_1__Add_name.sql", "ALTER TABLE person ADD name TEXT;\n");
  WriteFile(dir / "V2__Index.sql", "CREATE INDEX CONCURRENTLY p_id ON person (id);\n");
  WriteFile(dir / "V3__Reindex.sql", "REINDEX TABLE person;\n");
  WriteFile(dir / "V3__Reindex.sql.conf", "executeInTransaction=false\n");
  WriteFile(dir / "U1_1__Add_name.sql", "ALTER TABLE person DROP COLUMN name;\n");
  WriteFile(dir / "R__People_view.sql", "CREATE OR REPLACE VIEW people AS SELECT 1;\n");
  ReadOptions options;
  options.placeholders = {{"schema", "public"}};
  auto project = ReadFlyway(dir.path(), options);
  REQUIRE(project.ok());
  CHECK(KeysOf(*project) == Names{"1", "1.1", "2", "3"});
  CHECK(project->migrations[0].upgrade_sql == "CREATE TABLE public.person (id INT);\n");
  CHECK(project->migrations[0].message == "Create person");
  CHECK(project->migrations[1].downgrade_sql == "ALTER TABLE person DROP COLUMN name;\n");
  REQUIRE(project->notices.size() == 1);
  CHECK_THAT(project->notices[0].message, Catch::Contains("R__People_view.sql"));
  ImportedRevisions revisions = Converted(*project);
  CHECK(revisions.revisions[1].id.str() == "1_1");
  REQUIRE(revisions.non_transactional.size() == 2);
  CHECK(revisions.non_transactional[0].id == "2");
  CHECK(revisions.non_transactional[0].reason == "CREATE INDEX CONCURRENTLY");
  CHECK(revisions.non_transactional[1].reason == "the source says so");
}

TEST_CASE("Flyway: a placeholder with no value names its file and line") {
  TempDir dir;
  WriteFile(dir / "V1__a.sql",
            "-- owner\nCREATE TABLE t (x INT);\nGRANT SELECT ON t TO ${reader};\n");
  auto project = ReadFlyway(dir.path(), {});
  REQUIRE_FALSE(project.ok());
  CHECK_THAT(project.status().message(), Catch::Contains("${reader}"));
  CHECK(project.status().location()->line == 3);
  CHECK_THAT(project.status().hint(), Catch::Contains("--placeholder reader=VALUE"));
}

TEST_CASE("Flyway: 1.1 and 1_1 are one version") {
  TempDir dir;
  WriteFile(dir / "V1.1__a.sql", "SELECT 1;\n");
  WriteFile(dir / "V1_1__b.sql", "SELECT 2;\n");
  auto project = ReadFlyway(dir.path(), {});
  REQUIRE_FALSE(project.ok());
  CHECK_THAT(project.status().message(), Catch::Contains("used twice"));
}

TEST_CASE("Import: a script's own BEGIN and COMMIT are dropped, empty ones become no-ops") {
  ImportedProject project;
  project.migrations.push_back({"1",
                                {},
                                {},
                                {},
                                "a",
                                "",
                                "BEGIN;\nCREATE TABLE t (x INT);\nCOMMIT;\n",
                                std::string("-- nothing to undo\n"),
                                std::nullopt,
                                {"a.sql", 1, 0}});
  project.migrations.push_back(
      {"2", {}, {}, {}, "b", "", "", std::string(""), std::nullopt, {"b.sql", 1, 0}});
  project.migrations.push_back({"3",
                                {},
                                {},
                                {},
                                "c",
                                "",
                                "CREATE TABLE u (x INT);\nCOMMIT;\nVACUUM;\n",
                                std::nullopt,
                                std::nullopt,
                                {"c.sql", 1, 0}});
  ImportedRevisions revisions = Converted(project);
  CHECK(revisions.revisions[0].upgrade_sql == "CREATE TABLE t (x INT);");
  CHECK(revisions.unwrapped == Names{"1"});
  CHECK(revisions.no_ops == Names{"2"});
  CHECK_THAT(revisions.revisions[1].upgrade_sql, Catch::StartsWith("-- Empty in"));
  REQUIRE(revisions.non_transactional.size() == 1);
  CHECK(revisions.non_transactional[0].reason == "it runs its own COMMIT");
}

TEST_CASE("Import: two keys that make one id are refused") {
  ImportedProject project;
  project.migrations.push_back(
      {"1.2", {}, {}, {}, "", "", "SELECT 1;", std::nullopt, std::nullopt, {"V1.2__a.sql", 1, 0}});
  project.migrations.push_back(
      {"1_2", {}, {}, {}, "", "", "SELECT 1;", std::nullopt, std::nullopt, {"x/1_2.sql", 1, 0}});
  auto revisions = ToRevisions(project, "");
  REQUIRE_FALSE(revisions.ok());
  CHECK_THAT(revisions.status().message(), Catch::Contains("would both become revision 1_2"));
}

TEST_CASE("Import: statements are split as the databases read them") {
  using engine::importers::SplitStatements;
  auto statements = SplitStatements(
      "-- a comment; not a statement\n"
      "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN; RETURN 1; END $body$ LANGUAGE plpgsql;\n"
      "INSERT INTO t VALUES ('a;b', \"c;d\");\n"
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET x = 1; SELECT CASE WHEN 1 THEN 2 "
      "END; END;\n"
      "/* block; */ VACUUM");
  REQUIRE(statements.size() == 4);
  CHECK(statements[0].words[0] == "CREATE");
  CHECK(statements[0].line == 2);
  CHECK(statements[1].words[0] == "INSERT");
  CHECK(statements[2].words[1] == "TRIGGER");
  CHECK(statements[3].words == Names{"VACUUM"});
  CHECK(engine::importers::NeedsNoTransaction(statements[3]) == "VACUUM");
  CHECK_FALSE(engine::importers::IsTransactionControl(statements[2]));
}

TEST_CASE("Import: versions become ids people recognise") {
  using engine::importers::RevisionIdFor;
  CHECK(RevisionIdFor("20240101120000")->str() == "20240101120000");
  CHECK(RevisionIdFor("1.2.3")->str() == "1_2_3");
  CHECK(RevisionIdFor("head")->str() == "vhead");
  CHECK_FALSE(RevisionIdFor(std::string(70, '1')).ok());
}

}  // namespace
}  // namespace rev::testing
