// `rev import alembic` in the engine: ReadAlembic against projects made by `alembic init`
// and run by Alembic itself; the imported SQL against what Alembic does online, on real
// databases of every kind under test; ReadAlembicPosition on a database Alembic migrated.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "engine/importers/readers.h"
#include "engine/importers/tool_position.h"
#include "tests/support/alembic_project.h"

namespace rev::testing {
namespace {

using engine::backends::Backend;
using engine::backends::DatabaseKind;
using engine::importers::ImportedMigration;
using engine::importers::ImportedProject;
using engine::importers::ReadAlembic;
using engine::importers::ReadAlembicPosition;
using engine::importers::ReadOptions;
using Names = std::vector<std::string>;
namespace fs = std::filesystem;

ReadOptions WithAlembicPython() {
  ReadOptions options;
  options.python = kAlembicPython;
  return options;
}

ImportedProject RequireRead(const AlembicProject& alembic) {
  auto project = ReadAlembic(alembic.path(), WithAlembicPython());
  INFO(project.status().ToString() << "\n" << project.status().hint());
  REQUIRE(project.ok());
  return std::move(*project);
}

std::map<std::string, ImportedMigration> ByKey(const ImportedProject& project) {
  std::map<std::string, ImportedMigration> by_key;
  for (const ImportedMigration& migration : project.migrations) {
    by_key[migration.key] = migration;
  }
  return by_key;
}

void RunScript(Backend& backend, const std::string& sql, const ImportedMigration& migration) {
  if (sql.empty()) return;
  Require(backend.ExecuteScript(sql, {migration.source.file, 1}));
}

Names Sorted(Names names) {
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("ReadAlembic keeps Alembic's graph: ids, merges, branch labels and depends_on") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), SampleRevisions());
  ImportedProject project = RequireRead(alembic);

  CHECK(project.tool == engine::importers::SourceTool::kAlembic);
  CHECK_FALSE(project.chained);
  CHECK(project.position_table == "alembic_version");
  auto by_key = ByKey(project);
  REQUIRE(by_key.size() == SampleRevisions().size());
  CHECK(by_key["a1"].down_revisions == Names{});
  CHECK(by_key["e5"].down_revisions == Names{"c3", "d4"});
  CHECK(by_key["c3"].branch_labels == Names{"reports"});
  CHECK(by_key["x1"].branch_labels == Names{"audit"});
  CHECK(by_key["x1"].down_revisions == Names{});
  CHECK(by_key["x2"].depends_on == Names{"reports"});
  CHECK(by_key["a1b2"].message == "add email");
  CHECK(by_key["a1b2"].created_at == "2024-03-05T10:11:12Z");
  CHECK(by_key["g7"].created_at == "2024-03-05T10:11:12Z");  // +02:00 read as UTC
  CHECK(by_key["d4"].source.file ==
        (alembic.path() / AlembicProject::FileOf(SampleRevisions()[3])).string());
  CHECK(by_key["d4"].source.line == 1);

  // The SQL is Alembic's own, one revision at a time, without its version table.
  CHECK(by_key["a1b2"].upgrade_sql == "ALTER TABLE users ADD COLUMN email VARCHAR(100);\n");
  CHECK(by_key["a1b2"].downgrade_sql == "ALTER TABLE users DROP COLUMN email;\n");
  CHECK(by_key["e5"].upgrade_sql.empty());
  CHECK(by_key["g7"].downgrade_sql == std::string());
  for (const ImportedMigration& migration : project.migrations) {
    INFO(migration.key);
    CHECK(migration.upgrade_sql.find("alembic_version") == std::string::npos);
    CHECK(migration.upgrade_sql.find("BEGIN") == std::string::npos);
    CHECK(migration.upgrade_sql.find("COMMIT") == std::string::npos);
  }
  // Only the autocommit block says "not in a transaction"; the rest is left to rev.
  CHECK(by_key["f6"].transactional == std::optional<bool>(false));
  CHECK(by_key["f6"].upgrade_sql == "CREATE INDEX ix_reports_title ON reports (title);\n");
  CHECK_FALSE(by_key["d4"].transactional.has_value());

  // Parents and what a revision depends on come first.
  std::set<std::string> seen;
  for (const ImportedMigration& migration : project.migrations) {
    INFO(migration.key);
    for (const std::string& parent : migration.down_revisions) CHECK(seen.count(parent) == 1);
    seen.insert(migration.key);
  }
  CHECK(seen.count("c3") == 1);
  auto position = [&](const std::string& key) {
    for (size_t i = 0; i < project.migrations.size(); ++i) {
      if (project.migrations[i].key == key) return i;
    }
    return project.migrations.size();
  };
  CHECK(position("c3") < position("x2"));  // x2 depends on `reports`, c3's label

  // Reading wrote nothing into the project.
  CHECK_FALSE(fs::exists(alembic.versions() / "__pycache__"));
  CHECK_FALSE(fs::exists(alembic.path() / "alembic" / "__pycache__"));
}

TEST_CASE("Imported SQL builds what Alembic builds, step by step, and downgrades to base") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase by_alembic(kind);
  TestDatabase by_import(kind);
  AlembicProject alembic(SqlalchemyUrl(by_alembic), SampleRevisions());
  ImportedProject project = RequireRead(alembic);
  auto alembic_db = by_alembic.Open();
  auto import_db = by_import.Open();
  if (kind == DatabaseKind::kPostgres) {
    auto f6 = ByKey(project)["f6"];
    CHECK(f6.upgrade_sql == "CREATE INDEX CONCURRENTLY ix_reports_title ON reports (title);\n");
  }

  for (const ImportedMigration& migration : project.migrations) {
    alembic.RequireRun({"upgrade", migration.key});
    RunScript(*import_db, migration.upgrade_sql, migration);
    CheckSameSchema(*alembic_db, *import_db, "upgrade " + migration.key);
  }
  CHECK(by_import.HasTable("audit_log"));

  for (auto it = project.migrations.rbegin(); it != project.migrations.rend(); ++it) {
    // Alembic undoes one revision: down to a merge's first parent, else one step.
    const ImportedMigration& migration = *it;
    std::string target = migration.down_revisions.size() > 1 ? migration.down_revisions.front()
                                                             : migration.key + "@-1";
    alembic.RequireRun({"downgrade", target});
    auto heads = ReadAlembicPosition(project, *alembic_db);
    Require(heads.status());
    CHECK(std::count(heads->keys.begin(), heads->keys.end(), migration.key) == 0);
    REQUIRE(migration.downgrade_sql.has_value());
    RunScript(*import_db, *migration.downgrade_sql, migration);
    CheckSameSchema(*alembic_db, *import_db, "downgrade " + migration.key);
  }
  CHECK_FALSE(by_import.HasTable("users"));
}

TEST_CASE("ReadAlembicPosition reads the heads of a database Alembic migrated halfway") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  AlembicProject alembic(SqlalchemyUrl(db), SampleRevisions());
  ImportedProject project = RequireRead(alembic);
  auto backend = db.Open();

  auto before = ReadAlembicPosition(project, *backend);
  Require(before.status());
  CHECK_FALSE(before->found);
  CHECK(before->keys.empty());
  CHECK(before->table == "alembic_version");

  alembic.RequireRun({"upgrade", "d4"});
  alembic.RequireRun({"upgrade", "x1"});
  auto halfway = ReadAlembicPosition(project, *backend);
  Require(halfway.status());
  CHECK(halfway->found);
  CHECK(Sorted(halfway->keys) == Names{"d4", "x1"});

  alembic.RequireRun({"downgrade", "base"});
  auto at_base = ReadAlembicPosition(project, *backend);
  Require(at_base.status());
  CHECK(at_base->found);  // Alembic keeps its table, empty
  CHECK(at_base->keys.empty());
}

TEST_CASE("ReadAlembicPosition refuses a version table naming a revision the project lacks") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  AlembicProject alembic(SqlalchemyUrl(db), SampleRevisions());
  ImportedProject project = RequireRead(alembic);
  alembic.RequireRun({"upgrade", "a1"});
  db.Execute("UPDATE alembic_version SET version_num = 'ffee99'");
  auto backend = db.Open();

  auto position = ReadAlembicPosition(project, *backend);
  REQUIRE_FALSE(position.ok());
  CHECK(position.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(position.status().message(),
             Catch::Contains("'ffee99'") && Catch::Contains("alembic_version"));
}

}  // namespace
}  // namespace rev::testing
