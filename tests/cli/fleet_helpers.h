// What the fleet tests share: a project of three revisions of a realistic shape (a table
// with an index, a table with a foreign key, an ALTER with an UPDATE), SQLite files and
// PostgreSQL schemas to run it on, and a way to make a target fail (a table of the second
// revision already there, as a hand-made change would leave it).
#pragma once

#include <string>
#include <vector>

#include "tests/support/project.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// The head of FleetProject's revisions, and the revision a failing target stops before.
inline constexpr const char* kFleetHead = "c";

class FleetProject : public Project {
 public:
  // rev.yaml with `extra_yaml` appended, the revisions a, b, c, and an empty dbs/.
  explicit FleetProject(const std::string& extra_yaml = "");

  // Writes `urls` one a line to `file` in the project, after a comment and a blank line.
  void WriteTargets(const std::vector<std::string>& urls,
                    const std::string& file = "targets.txt") const;

  // Makes the SQLite target `url` fail at revision b.
  void PoisonSqlite(const std::string& url) const;
  // Runs `sql` on a SQLite target through sqlite3; one "a|b" line per row.
  Lines SqliteQuery(const std::string& url, const std::string& sql) const;
};

// `count` SQLite URLs, dbs/<prefix><i>.db relative to a FleetProject (files not made yet).
std::vector<std::string> SqliteUrls(size_t count, const std::string& prefix = "t");

// `schema` on the PostgreSQL test database `db`: its URL and a way to read it.
std::string SchemaUrl(const TestDatabase& db, const std::string& schema);
// Makes schema `schema` of `db` fail at revision b.
void PoisonSchema(const TestDatabase& db, const std::string& schema);

// SQL that lists each revision applied more than once in a history table.
inline constexpr const char* kAppliedTwiceSql =
    "SELECT revision FROM {history} WHERE status = 'applied' GROUP BY revision "
    "HAVING COUNT(*) > 1";
// kAppliedTwiceSql for the history table `history`.
std::string AppliedTwice(const std::string& history);

}  // namespace rev::testing
