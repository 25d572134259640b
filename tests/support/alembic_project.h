// An Alembic project in a temp folder, made by `alembic init` and run by Alembic itself
// (Debian's python3-alembic under /usr/bin/python3), for the tests of `rev import alembic`.
//
//   AlembicProject alembic(SqlalchemyUrl(db));            // alembic.ini names db
//   alembic.Add({"a1", "None", "create users", {"op.create_table(...)"}, ...});
//   REV_REQUIRE_EXIT(alembic.Run({"upgrade", "heads"}), 0);
//
// Revision files are written as `alembic revision` writes them (its script.py.mako).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// The Python that has Alembic (and psycopg2) in the test set-up.
inline constexpr const char* kAlembicPython = "/usr/bin/python3";

// One revision file. Python literals where Alembic reads Python: `down_revision` "None",
// "'a1'" or "('c3', 'd4')"; the bodies are whole statements, one per line, unindented.
struct AlembicRevision {
  std::string id;
  std::string down_revision = "None";
  std::string message;
  std::vector<std::string> upgrade = {"pass"};
  std::vector<std::string> downgrade = {"pass"};
  std::string branch_labels = "None";
  std::string depends_on = "None";
  std::string create_date = "2024-03-05 10:11:12.123456";
};

// The SQLAlchemy URL of `db` for alembic.ini.
std::string SqlalchemyUrl(const TestDatabase& db);

class AlembicProject {
 public:
  // `alembic init alembic` in a fresh folder; alembic.ini's sqlalchemy.url = `url`; then
  // each of `revisions` added.
  explicit AlembicProject(const std::string& url,
                          const std::vector<AlembicRevision>& revisions = {});

  const std::filesystem::path& path() const { return dir_.path(); }
  std::filesystem::path versions() const { return path() / "alembic" / "versions"; }
  // alembic/versions/<id>_<message, with '_' for spaces>.py, relative to path().
  static std::filesystem::path FileOf(const AlembicRevision& revision);

  // Writes the revision's file; returns its path.
  std::filesystem::path Add(const AlembicRevision& revision);
  // `alembic ARGS` run by Alembic itself in the project's folder.
  ProcessResult Run(const std::vector<std::string>& args) const;
  // Run, failing the running test (showing what Alembic said) unless it succeeds.
  void RequireRun(const std::vector<std::string>& args) const;

 private:
  TempDir dir_;
};

// The project of the tests: a1 (users) - b2 - {c3 (label `reports`), d4} - e5 (merge) - f6
// (an index made in an autocommit block, CONCURRENTLY on PostgreSQL) - g7 (empty, its
// Create Date with an offset); and an independent branch x1 (label `audit`) - x2, which
// depends on `reports`. Returned in an upgrade order.
std::vector<AlembicRevision> SampleRevisions();

// Checks, through the schema engine (Introspect, then Diff both ways), that the two
// databases hold the same schema outside rev's tables and alembic_version; `when` says at
// which step, should they not.
void CheckSameSchema(engine::backends::Backend& by_alembic, engine::backends::Backend& by_rev,
                     const std::string& when);

}  // namespace rev::testing
