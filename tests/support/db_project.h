// What the end-to-end database tests share: a project on a fresh TestDatabase (the URL in
// rev.yaml), and the long steps the tests interrupt.
//
//   auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
//   DbProject p(kind);
//   p.Write({{"a", {}, "CREATE TABLE t (x INT);", "DROP TABLE t;"}});
//   auto result = p.Rev({"upgrade"});
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/exit_checks.h"
#include "tests/support/project.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// A Project whose rev.yaml names a fresh TestDatabase (the SQLite file in the project's
// folder), with the database read through its own client.
class DbProject : public Project {
 public:
  // rev.yaml naming the fresh database, then `extra_yaml` (more keys), and revisions/.
  explicit DbProject(engine::backends::DatabaseKind kind, const std::string& extra_yaml = "");

  TestDatabase& db() { return db_; }

  // TestDatabase::HasTable and Query, on the project's database.
  bool HasTable(const std::string& name) const { return db_.HasTable(name); }
  std::vector<std::string> Query(const std::string& sql) const { return db_.Query(sql); }
  // The database's heads, through its own client.
  std::vector<std::string> Heads(const std::string& version_table = "rev_version") const;
  // "revision direction status" per history row, oldest first, through the client.
  std::vector<std::string> History() const;

 private:
  TestDatabase db_;
};

// rev.yaml's `dev_database:` line for a PostgreSQL project (the tests' server), where the
// schema engine makes its scratch databases; "" for SQLite.
std::string DevDatabaseYaml(engine::backends::DatabaseKind kind);

// Whether the long step of a run is running now: SQLite: a rollback journal exists while
// the step holds its write transaction (REQUIRES: the step wrote something first);
// PostgreSQL: a session is in pg_sleep.
bool LongStepRunning(DbProject& project);

// Leaves the database so that rev cannot read its heads. SQLite: the file is no database
// any more. PostgreSQL (where rev can always connect to a database that exists): the
// version table is replaced by one of another shape, as a damaged or foreign table would be.
void MakeUnreadable(DbProject& project);

}  // namespace rev::testing
