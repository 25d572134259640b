// The Backend on real databases, one fresh database per test, on every kind under test:
// rev's tables, scripts and their error locations, the version table's compare-and-swap,
// the history rows, and an Alembic version table.
#include <catch2/catch.hpp>

#include "engine/backends/backend.h"
#include "tests/support/graph_literals.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::VersionEdit;
using engine::backends::Backend;
using engine::backends::BackendOptions;
using engine::backends::HistoryRow;
using engine::backends::StepStatus;

VersionEdit Edit(const Names& deletes, const std::optional<std::string>& from,
                 const std::optional<std::string>& to, const Names& inserts) {
  VersionEdit edit;
  for (const auto& id : deletes) edit.deletes.push_back(*engine::RevisionId::Parse(id));
  if (from) edit.update_from = *engine::RevisionId::Parse(*from);
  if (to) edit.update_to = *engine::RevisionId::Parse(*to);
  for (const auto& id : inserts) edit.inserts.push_back(*engine::RevisionId::Parse(id));
  return edit;
}

// A backend on `db` holding the migration lock, with rev's tables made.
std::unique_ptr<Backend> OpenWithTables(const TestDatabase& db) {
  auto backend = db.Open();
  Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));
  Require(backend->EnsureTables());
  return backend;
}

HistoryRow Row(const std::string& revision, StepStatus status, bool transactional) {
  HistoryRow row;
  row.revision = revision;
  row.direction = "upgrade";
  row.from_heads = Ids({});
  row.to_heads = Ids({revision});
  row.checksum = "c0ffee";
  row.status = status;
  row.transactional = transactional;
  row.started_at = "2026-01-01T00:00:00.000Z";
  row.rev_version = "test";
  row.run_by = "tester@test";
  return row;
}

TEST_CASE("Reading never creates rev's tables, the first change does") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  {
    auto reader = db.Open({}, /*create=*/false);
    CHECK_FALSE(*reader->HasVersionTable());
    CHECK(reader->ReadHeads()->empty());
    CHECK(reader->ReadApplied()->empty());
    CHECK(reader->ReadHistory(0)->empty());
    CHECK_FALSE(reader->ReadDirtyStep()->has_value());
    CHECK_FALSE(reader->ReadLastFailure()->has_value());
    CHECK_FALSE(*reader->IsMigrationLockHeld());
  }
  if (db.is_sqlite()) {
    CHECK_FALSE(std::filesystem::exists(db.sqlite_file()));
    CHECK_FALSE(std::filesystem::exists(db.sqlite_file().string() + ".rev-lock"));
  }
  auto backend = db.Open();
  CHECK(backend->ReadHeads()->empty());
  CHECK_FALSE(db.HasTable("rev_version"));
  CHECK_FALSE(db.HasTable("rev_history"));
  Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));
  Require(backend->EnsureTables());
  CHECK(db.HasTable("rev_version"));
  CHECK(db.HasTable("rev_history"));
  CHECK(db.HasTable("rev_applied"));
  CHECK(*backend->HasVersionTable());

  // Again: nothing changes.
  std::vector<std::string> schema = db.Schema();
  Require(backend->EnsureTables());
  CHECK(db.Schema() == schema);
}

TEST_CASE("Table names come from the options") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  BackendOptions options;
  options.version_table = "app_versions";
  options.history_table = "app_history";
  options.applied_table = "app_applied";
  auto backend = db.Open(options);
  Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));
  Require(backend->EnsureTables());
  CHECK(db.HasTable("app_versions"));
  CHECK(db.HasTable("app_history"));
  CHECK(db.HasTable("app_applied"));
  CHECK_FALSE(db.HasTable("rev_version"));
}

TEST_CASE("A section runs as one script, split by the database, not on every ','") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = db.Open();
  Require(
      backend->ExecuteScript("CREATE TABLE t (v VARCHAR(20));\n"
                             "INSERT INTO t VALUES ('a;b'); -- a comment; with a semicolon\n"
                             "/* another; comment */ INSERT INTO t VALUES ('c');\n"
                             "-- trailing comment only",
                             {"revisions/a.sql", 3}));
  CHECK(db.Query("SELECT v FROM t ORDER BY v") == Names{"a;b", "c"});
  Require(backend->ExecuteScript("", {"revisions/a.sql", 3}));
  Require(backend->ExecuteScript("  -- nothing\n", {"revisions/a.sql", 3}));
}

TEST_CASE("SQLite: a trigger body's semicolons stay inside its statement") {
  TestDatabase db(engine::backends::DatabaseKind::kSqlite);
  auto backend = db.Open();
  Require(backend->ExecuteScript(
      "CREATE TABLE t (v TEXT);\nCREATE TABLE log (v TEXT);\n"
      "CREATE TRIGGER t_log AFTER INSERT ON t BEGIN\n"
      "  INSERT INTO log VALUES (new.v);\n  INSERT INTO log VALUES (new.v || '!');\nEND;\n"
      "INSERT INTO t VALUES ('x');",
      {"revisions/a.sql", 1}));
  CHECK(db.Query("SELECT v FROM log ORDER BY v") == Names{"x", "x!"});
}

TEST_CASE("A syntax error names the file, line and column, and the database's message") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = db.Open();
  std::string sql =
      "CREATE TABLE t1 (x INTEGER);\n"
      "-- a comment; with a semicolon\n"
      "INSERT INTO t1 VALUES (1);\n"
      "  SELEC 1;\n";
  Status status = backend->ExecuteScript(sql, {"revisions/a_add.sql", 10});
  REQUIRE(status.code() == StatusCode::kDatabase);
  REQUIRE(status.location().has_value());
  CHECK(status.location()->ToString() == "revisions/a_add.sql:13:3");
  CHECK_THAT(status.message(), Catch::Contains("SELEC"));

  Status utf8 = backend->ExecuteScript("SELECT 'ééé' AS x, FROM t1;", {"revisions/b.sql", 4});
  REQUIRE(utf8.location().has_value());
  CHECK(utf8.location()->ToString() == "revisions/b.sql:4:20");
}

TEST_CASE("SQLite: an error found while running points at its statement's first line") {
  TestDatabase db(engine::backends::DatabaseKind::kSqlite);
  auto backend = db.Open();
  Status status = backend->ExecuteScript(
      "CREATE TABLE t1 (x INTEGER PRIMARY KEY);\n"
      "INSERT INTO t1 VALUES (1);\n"
      "/* again */ INSERT INTO t1\n"
      "  VALUES (1);\n",
      {"revisions/c.sql", 20});
  REQUIRE(status.code() == StatusCode::kDatabase);
  CHECK(status.ToString() == "revisions/c.sql:22:13: UNIQUE constraint failed: t1.x");
}

TEST_CASE("SQLite: a transactional section may not end rev's transaction") {
  TestDatabase db(engine::backends::DatabaseKind::kSqlite);
  auto backend = db.Open();
  {
    auto transaction = backend->Begin();
    Require(transaction.status());
    Status status =
        backend->ExecuteScript("CREATE TABLE t (x INTEGER);\nCOMMIT;", {"revisions/d.sql", 5});
    REQUIRE(status.code() == StatusCode::kDatabase);
    CHECK(status.location()->line == 6);
    CHECK_THAT(status.hint(), Catch::Contains("transactional: false"));
  }
  // In autocommit, a BEGIN without COMMIT is rolled back and reported.
  Status open =
      backend->ExecuteScript("BEGIN;\nCREATE TABLE u (x INTEGER);", {"revisions/e.sql", 2});
  REQUIRE(open.code() == StatusCode::kDatabase);
  CHECK_THAT(open.message(), Catch::Contains("left a transaction open"));
  CHECK_FALSE(db.HasTable("u"));
  // The backend is usable afterwards.
  auto transaction = backend->Begin();
  Require(transaction.status());
  Require((*transaction)->Commit());
}

TEST_CASE("A transaction rolls back unless committed") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = OpenWithTables(db);
  {
    auto transaction = backend->Begin();
    Require(transaction.status());
    Require(backend->ExecuteScript("CREATE TABLE gone (x INTEGER);", {"a.sql", 1}));
    Require(backend->ApplyVersionEdit(Edit({}, {}, {}, {"a"})));
  }
  CHECK_FALSE(db.HasTable("gone"));
  CHECK(Heads(*backend).empty());
  auto transaction = backend->Begin();
  Require(transaction.status());
  Require(backend->ExecuteScript("CREATE TABLE kept (x INTEGER);", {"a.sql", 1}));
  Require(backend->ApplyVersionEdit(Edit({}, {}, {}, {"a"})));
  Require((*transaction)->Commit());
  CHECK(db.HasTable("kept"));
  CHECK(Heads(*backend) == Names{"a"});
}

TEST_CASE("The version-table change is a compare-and-swap") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = OpenWithTables(db);
  Require(backend->ReplaceHeads(Ids({"a", "x"})));
  CHECK(Heads(*backend) == Names{"a", "x"});

  auto conflict = [&](const VersionEdit& edit) {
    auto transaction = backend->Begin();
    Require(transaction.status());
    return backend->ApplyVersionEdit(edit).code();
  };
  CHECK(conflict(Edit({"zz"}, {}, {}, {})) == StatusCode::kConflict);    // delete: no row
  CHECK(conflict(Edit({}, "zz", "b", {})) == StatusCode::kConflict);     // update: no row
  CHECK(conflict(Edit({}, "a", "x", {})) == StatusCode::kConflict);      // update onto a row
  CHECK(conflict(Edit({}, {}, {}, {"x"})) == StatusCode::kConflict);     // insert: exists
  CHECK(conflict(Edit({"x"}, "zz", "b", {})) == StatusCode::kConflict);  // second part fails
  CHECK(Heads(*backend) == Names{"a", "x"});

  // A merge: delete one parent, update the other.
  Require(backend->ApplyVersionEdit(Edit({"x"}, "a", "m", {})));
  CHECK(Heads(*backend) == Names{"m"});
}

TEST_CASE("History rows round-trip, newest first, dirty and failed state read from them") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = OpenWithTables(db);

  HistoryRow applied = Row("a", StepStatus::kApplied, true);
  applied.from_heads = Ids({"p", "q"});
  applied.finished_at = "2026-01-01T00:00:01.250Z";
  applied.duration_ms = 1250;
  auto first = backend->AppendHistory(applied);
  Require(first.status());
  auto rows = backend->ReadHistory(0);
  REQUIRE(rows->size() == 1);
  const HistoryRow& read = rows->front();
  CHECK(read.id == *first);
  CHECK(read.revision == "a");
  CHECK(read.direction == "upgrade");
  CHECK(ToNames(read.from_heads) == Names{"p", "q"});
  CHECK(ToNames(read.to_heads) == Names{"a"});
  CHECK(read.checksum == "c0ffee");
  CHECK(read.status == StepStatus::kApplied);
  CHECK(read.transactional);
  CHECK(read.started_at == "2026-01-01T00:00:00.000Z");
  CHECK(read.finished_at == "2026-01-01T00:00:01.250Z");
  CHECK(read.duration_ms == 1250);
  CHECK(read.error.empty());
  CHECK(read.rev_version == "test");
  CHECK(read.run_by == "tester@test");
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());
  CHECK_FALSE(backend->ReadLastFailure()->has_value());

  // A failed transactional step is a failure, not a dirty database.
  HistoryRow failed = Row("b", StepStatus::kFailed, true);
  failed.error = "revisions/b.sql:3: boom";
  Require(backend->AppendHistory(failed).status());
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());
  REQUIRE(backend->ReadLastFailure()->has_value());
  CHECK((*backend->ReadLastFailure())->error == "revisions/b.sql:3: boom");

  // A non-transactional step that started and never finished leaves the database dirty.
  auto started = backend->AppendHistory(Row("c", StepStatus::kStarted, false));
  Require(started.status());
  REQUIRE(backend->ReadDirtyStep()->has_value());
  CHECK((*backend->ReadDirtyStep())->revision == "c");
  CHECK_FALSE(backend->ReadLastFailure()->has_value());  // the newest row is not a failure

  HistoryRow outcome = Row("c", StepStatus::kFailed, false);
  outcome.finished_at = "2026-01-01T00:00:02.000Z";
  outcome.error = "boom";
  Require(backend->FinishHistory(*started, outcome));
  REQUIRE(backend->ReadDirtyStep()->has_value());  // failed half-way: still dirty
  CHECK((*backend->ReadDirtyStep())->status == StepStatus::kFailed);
  CHECK((*backend->ReadHistory(1)).front().error == "boom");

  HistoryRow repaired = Row("c", StepStatus::kRepaired, true);
  repaired.direction = "repair";
  Require(backend->AppendHistory(repaired).status());
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());
  CHECK_FALSE(backend->ReadLastFailure()->has_value());

  CHECK(backend->ReadHistory(2)->size() == 2);
  CHECK(HistoryLines(*backend) ==
        Names{"a upgrade applied", "b upgrade failed", "c upgrade failed", "c repair repaired"});
}

TEST_CASE("Applied checksums are recorded, replaced and forgotten") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = OpenWithTables(db);
  Require(backend->RecordApplied({"b", "1111", "2026-01-01T00:00:00.000Z"}));
  Require(backend->RecordApplied({"a", "2222", "2026-01-01T00:00:00.000Z"}));
  Require(backend->RecordApplied({"b", "3333", "2026-01-02T00:00:00.000Z"}));
  auto applied = backend->ReadApplied();
  REQUIRE(applied->size() == 2);
  CHECK(applied->at(0).revision == "a");
  CHECK(applied->at(1).revision == "b");
  CHECK(applied->at(1).checksum == "3333");
  CHECK(applied->at(1).applied_at == "2026-01-02T00:00:00.000Z");
  Require(backend->ForgetApplied("a"));
  CHECK(backend->ReadApplied()->size() == 1);
}

TEST_CASE("A step's records land together, and a version mismatch keeps none of them") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto backend = OpenWithTables(db);
  Require(backend->ReplaceHeads(Ids({"a", "x"})));
  const engine::backends::AppliedRevision applied{"m", "abcd", "2026-01-03T00:00:00.000Z"};

  // A merge step: one parent removed, the other moved; m's checksum and history row.
  {
    auto transaction = backend->Begin();
    Require(transaction.status());
    HistoryRow row = Row("m", StepStatus::kApplied, true);
    row.from_heads = Ids({"a", "x"});
    row.to_heads = Ids({"m"});
    auto id = backend->RecordStep(Edit({"x"}, "a", "m", {}), applied, row);
    Require(id.status());
    Require((*transaction)->Commit());
    CHECK(backend->ReadHistory(1)->front().id == *id);
  }
  CHECK(Heads(*backend) == Names{"m"});
  REQUIRE(backend->ReadApplied()->size() == 1);
  CHECK(backend->ReadApplied()->front().checksum == "abcd");
  CHECK(HistoryLines(*backend) == Names{"m upgrade applied"});

  // Each part of an edit that does not match the table: kConflict, and nothing of the step.
  auto conflict = [&](const VersionEdit& edit) {
    auto transaction = backend->Begin();
    Require(transaction.status());
    HistoryRow row = Row("n", StepStatus::kApplied, true);
    auto result = backend->RecordStep(edit, engine::backends::AppliedRevision{"n", "ef", ""}, row);
    INFO(result.status().ToString());
    CHECK_THAT(result.status().message(), Catch::Contains("version table changed underneath"));
    return result.status().code();
  };
  CHECK(conflict(Edit({"zz"}, {}, {}, {})) == StatusCode::kConflict);    // delete: no row
  CHECK(conflict(Edit({}, "zz", "n", {})) == StatusCode::kConflict);     // update: no row
  CHECK(conflict(Edit({}, {}, {}, {"m"})) == StatusCode::kConflict);     // insert: exists
  CHECK(conflict(Edit({"m"}, "zz", "n", {})) == StatusCode::kConflict);  // second part fails
  CHECK(Heads(*backend) == Names{"m"});
  CHECK(backend->ReadApplied()->size() == 1);
  CHECK(HistoryLines(*backend) == Names{"m upgrade applied"});

  // A downgrade step of a non-transactional revision: its `started` row is finished, and
  // its checksum forgotten.
  HistoryRow start = Row("m", StepStatus::kStarted, false);
  start.direction = "downgrade";
  auto started = backend->AppendHistory(start);
  Require(started.status());
  {
    auto transaction = backend->Begin();
    Require(transaction.status());
    HistoryRow row = Row("m", StepStatus::kApplied, false);
    row.direction = "downgrade";
    row.id = *started;
    row.finished_at = "2026-01-03T00:00:01.000Z";
    row.duration_ms = 1000;
    auto id = backend->RecordStep(Edit({}, "m", "a", {"x"}), std::nullopt, row);
    Require(id.status());
    CHECK(*id == *started);
    Require((*transaction)->Commit());
  }
  CHECK(Heads(*backend) == Names{"a", "x"});
  CHECK(backend->ReadApplied()->empty());
  CHECK(HistoryLines(*backend) == Names{"m upgrade applied", "m downgrade applied"});
  CHECK(backend->ReadHistory(1)->front().duration_ms == 1000);
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());
}

TEST_CASE("An existing Alembic alembic_version table is read and written as the version table") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  // The table exactly as Alembic creates it.
  db.Execute(
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)); "
      "INSERT INTO alembic_version (version_num) VALUES ('3f2a9c1b7d4e');");
  BackendOptions options;
  options.version_table = "alembic_version";
  auto backend = db.Open(options);
  CHECK(*backend->HasVersionTable());
  CHECK(Heads(*backend) == Names{"3f2a9c1b7d4e"});
  Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));
  Require(backend->EnsureTables());
  CHECK_FALSE(db.HasTable("rev_version"));
  CHECK(db.HasTable("rev_history"));
  auto transaction = backend->Begin();
  Require(transaction.status());
  Require(backend->ApplyVersionEdit(Edit({}, "3f2a9c1b7d4e", "9c0d1e2f3a4b", {})));
  Require((*transaction)->Commit());
  CHECK(db.Query("SELECT version_num FROM alembic_version") == Names{"9c0d1e2f3a4b"});
}

}  // namespace
}  // namespace rev::testing
