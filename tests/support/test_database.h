// Real databases for the database suite, one fresh database per test, and the engine run
// on them as rev's commands run it.
//
// The suite runs on every kind DatabaseKindsUnderTest() names, through Catch2's GENERATE:
//
//   auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
//   TestDatabase db(kind);
//
// SQLite: a file in a temp folder. PostgreSQL: `CREATE DATABASE rev_test_<random>` through
// the admin URL in REV_TEST_POSTGRES_URL, dropped when the test ends. PostgreSQL is always
// under test unless REV_TEST_SKIP_POSTGRES=1; with it under test and REV_TEST_POSTGRES_URL
// unset, each PostgreSQL case fails (it is never silently skipped): developers without a
// server opt out explicitly, CI never does.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/operations/migrator.h"
#include "engine/plan.h"
#include "engine/revision_graph.h"
#include "tests/support/graph_literals.h"
#include "tests/support/revision_spec.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {

// The URL `text` read as rev reads it, relative to `root`; fails the running test when it
// does not parse.
engine::backends::DatabaseUrl ParsedUrl(const std::string& text,
                                        const std::filesystem::path& root = "");

std::vector<engine::backends::DatabaseKind> DatabaseKindsUnderTest();
// Whether PostgreSQL is under test, for the suites that concern PostgreSQL alone: false
// (with a warning) only when REV_TEST_SKIP_POSTGRES=1 opts out.
bool PostgresUnderTest();

class TestDatabase {
 public:
  // A fresh, empty database; fails the running test when one cannot be made. `folder` is
  // where the SQLite file goes and what folder() returns; empty: a temp folder of its own.
  explicit TestDatabase(engine::backends::DatabaseKind kind, std::filesystem::path folder = {});
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  engine::backends::DatabaseKind kind() const { return kind_; }
  bool is_sqlite() const { return kind_ == engine::backends::DatabaseKind::kSqlite; }
  const std::string& url_text() const { return url_text_; }
  const engine::backends::DatabaseUrl& url() const { return *url_; }
  // SQLite: the database file (which exists only once something created it).
  std::filesystem::path sqlite_file() const { return url_->sqlite_path(); }
  // A folder of this test's own, for revision files.
  const std::filesystem::path& folder() const { return folder_; }

  // Opens a backend; fails the running test when it cannot.
  std::unique_ptr<engine::backends::Backend> Open(
      const engine::backends::BackendOptions& options = {}, bool create = true) const;

  // Runs `sql` through the database's own client (sqlite3, psql), outside rev. Query reads
  // (SQLite: opened read-only) and returns one "a|b" line per row; Execute changes. Both
  // fail the running test when the client fails.
  std::vector<std::string> Query(const std::string& sql) const;
  void Execute(const std::string& sql) const;
  // Every table, column and index outside rev's control, as sorted text lines: equal
  // schemas give equal vectors.
  std::vector<std::string> Schema() const;
  // Whether a table exists (through the client; false while a SQLite file does not exist).
  bool HasTable(const std::string& name) const;

 private:
  engine::backends::DatabaseKind kind_;
  std::optional<TempDir> own_folder_;
  std::filesystem::path folder_;
  std::string url_text_;
  std::optional<engine::backends::DatabaseUrl> url_;
  std::string admin_url_;      // PostgreSQL
  std::string database_name_;  // PostgreSQL
};

// A statement that keeps the database busy for a long time (SQLite: counting to 300
// million; PostgreSQL: pg_sleep(seconds)), for a test to interrupt or kill.
std::string LongStatement(engine::backends::DatabaseKind kind, int postgres_seconds = 30);

// Fails the running test, showing the error and its hint, unless `status` is ok.
void Require(const Status& status);

// MigrationOptions as a test run records them (rev_version "test", run_by "tester@test").
engine::operations::MigrationOptions TestOptions();

// What `rev upgrade TARGET` / `rev downgrade TARGET` do around RunPlan: take the lock (5 s),
// create the tables, read the state, refuse as CheckReadyToChange does, plan from the
// database's heads, run, release the lock.
Status Migrate(engine::backends::Backend& backend, const engine::RevisionGraph& graph,
               engine::Direction direction, const std::string& target,
               const engine::operations::MigrationOptions& options = TestOptions(),
               engine::operations::MigrationReport* report = nullptr,
               bool ignore_checksums = false);

// The database's heads; fails the running test when they cannot be read.
std::vector<std::string> Heads(engine::backends::Backend& backend);
// The history, oldest first, as "revision direction status" lines.
std::vector<std::string> HistoryLines(engine::backends::Backend& backend);

}  // namespace rev::testing
