// `rev import alembic` end to end: the built rev against a project made by `alembic init`
// and databases migrated by Alembic itself, on every database kind under test.
#include <catch2/catch.hpp>

#include "tests/support/alembic_project.h"
#include "tests/support/db_project.h"
#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Names = std::vector<std::string>;
namespace fs = std::filesystem;

Lines ImportArgs(const AlembicProject& alembic, const Lines& more = {}) {
  Lines args = {"import", "alembic", alembic.path().string(), "--python", kAlembicPython};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

Names Pending(const DbProject& p) {
  nlohmann::json status = JsonOf(p.Rev({"status", "--json"}));
  return status["pending"].get<Names>();
}

TEST_CASE("rev upgrade heads after rev import alembic builds what alembic upgrade heads builds") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  TestDatabase by_alembic(kind);
  AlembicProject alembic(SqlalchemyUrl(by_alembic), SampleRevisions());

  auto imported = p.Rev(ImportArgs(alembic));
  REV_REQUIRE_EXIT(imported, 0);
  CHECK_THAT(imported.out, Catch::Contains("Imported 9 revisions from alembic") &&
                               Catch::Contains("f6: the source says so"));
  CHECK(p.RevisionFiles().size() == 9);
  REV_REQUIRE_EXIT(p.Rev({"validate"}), 0);

  alembic.RequireRun({"upgrade", "heads"});
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "heads"}), 0);
  auto alembic_db = by_alembic.Open();
  auto rev_db = p.db().Open();
  CheckSameSchema(*alembic_db, *rev_db, "upgrade heads");
  CHECK(Pending(p).empty());

  alembic.RequireRun({"downgrade", "base"});
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "base"}), 0);
  CheckSameSchema(*alembic_db, *rev_db, "downgrade base");
  CHECK_FALSE(p.HasTable("users"));
}

TEST_CASE("rev import alembic --adopt takes over a database Alembic migrated halfway") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  AlembicProject alembic(SqlalchemyUrl(p.db()), SampleRevisions());
  alembic.RequireRun({"upgrade", "d4"});

  auto adopted = p.Rev(ImportArgs(alembic, {"--adopt"}));
  REV_REQUIRE_EXIT(adopted, 0);
  CHECK_THAT(adopted.out, Catch::Contains("Adopted") && Catch::Contains("at d4"));
  CHECK(p.Heads() == Names{"d4"});
  CHECK(Pending(p) == Names{"c3", "e5", "f6", "g7", "x1", "x2"});

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "heads"}), 0);
  CHECK(p.History() == Lines{"d4 stamp stamped", "c3 upgrade applied", "e5 upgrade applied",
                             "f6 upgrade applied", "g7 upgrade applied", "x1 upgrade applied",
                             "x2 upgrade applied"});
  CHECK(Pending(p).empty());
  // Alembic's table is left as Alembic left it.
  CHECK(p.Query("SELECT version_num FROM alembic_version") == Lines{"d4"});

  // The same schema as Alembic's own run to the end.
  TestDatabase by_alembic(kind);
  AlembicProject reference(SqlalchemyUrl(by_alembic), SampleRevisions());
  reference.RequireRun({"upgrade", "heads"});
  auto alembic_db = by_alembic.Open();
  auto rev_db = p.db().Open();
  CheckSameSchema(*alembic_db, *rev_db, "rev upgrade heads of the adopted database");
}

TEST_CASE("rev import alembic refuses a bad project with exit 2 and writes nothing") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);

  TempDir not_alembic;
  WriteFile(not_alembic / "versions" / "a1_x.py", "revision = 'a1'\n");
  auto no_ini =
      p.Rev({"import", "alembic", not_alembic.path().string(), "--python", kAlembicPython});
  REV_CHECK_EXIT(no_ini, 2);
  CHECK_THAT(no_ini.err, Catch::Contains("alembic.ini") && Catch::Contains("alembic init"));

  AlembicProject alembic(SqlalchemyUrl(p.db()), SampleRevisions());
  alembic.Add({"h8",
               "'g7'",
               "backfill",
               {"op.get_bind().execute(sa.text('SELECT id FROM users')).fetchall()"}});
  auto needs_database = p.Rev(ImportArgs(alembic));
  REV_CHECK_EXIT(needs_database, 2);
  CHECK_THAT(needs_database.err,
             Catch::Contains("h8 (upgrade)") && Catch::Contains("h8_backfill.py:20"));

  CHECK(p.RevisionFiles().empty());
  CHECK_FALSE(fs::exists(p.db().sqlite_file()));
}

}  // namespace
}  // namespace rev::testing
