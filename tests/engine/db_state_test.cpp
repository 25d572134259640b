// What a database holds and what must be settled before rev changes it, on every kind under
// test: checksum drift (refused, ignored on request, re-signed by repair), heads the folder
// does not know, stamp with and without --purge, and an Alembic database adopted.
#include <catch2/catch.hpp>

#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"
#include "tests/support/chains.h"
#include "tests/support/graph_literals.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::Direction;
using engine::RevisionId;
using engine::RevisionIds;
using engine::backends::Backend;
using engine::backends::StepStatus;
using engine::operations::DatabaseState;

DatabaseState State(Backend& backend) {
  auto state = engine::operations::ReadDatabaseState(backend);
  INFO(state.status().ToString());
  REQUIRE(state.ok());
  return std::move(state).value();
}

Status StampUnderLock(Backend& backend, const engine::RevisionGraph& graph, const Names& heads,
                      bool purge) {
  REV_RETURN_IF_ERROR(backend.AcquireMigrationLock(std::chrono::seconds(5)));
  Status status = engine::operations::Stamp(backend, graph, Ids(heads), purge, TestOptions());
  Require(backend.ReleaseMigrationLock());
  return status;
}

Status RepairUnderLock(Backend& backend, const engine::RevisionGraph& graph) {
  REV_RETURN_IF_ERROR(backend.AcquireMigrationLock(std::chrono::seconds(5)));
  Status status = engine::operations::Repair(backend, graph, TestOptions());
  Require(backend.ReleaseMigrationLock());
  return status;
}

Names AppliedNames(Backend& backend) {
  Names names;
  auto applied = backend.ReadApplied();
  REQUIRE(applied.ok());
  for (const auto& row : *applied) names.push_back(row.revision);
  return names;
}

TEST_CASE("A database never changed reads as empty and is ready for a first upgrade") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), TableChain(4));
  auto backend = db.Open({}, false);
  DatabaseState state = State(*backend);
  CHECK_FALSE(state.has_version_table);
  CHECK(state.heads.empty());
  CHECK(state.applied.empty());
  CHECK_FALSE(state.dirty);
  CHECK_FALSE(state.last_failure);
  Require(engine::operations::CheckReadyToChange(state, graph, false));
  CHECK(state.heads.empty());
}

TEST_CASE("An edited applied revision is drift: refused, ignorable, and re-signed by repair") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto specs = TableChain(4);
  auto graph = WriteGraph(db.folder(), specs);
  auto backend = db.Open();
  Require(Migrate(*backend, graph, Direction::kUpgrade, "c"));
  std::string old_checksum = graph.Find("b")->checksum().hex();

  specs[1].upgrade = "CREATE TABLE t2 (x INTEGER);  -- widened later";
  auto edited = WriteGraph(db.folder(), specs);
  DatabaseState state = State(*backend);
  auto drift = engine::operations::FindDrift(state, edited);
  REQUIRE(drift.size() == 1);
  CHECK(drift[0].revision == "b");
  CHECK(drift[0].path == "revisions/b_revision_b.sql");
  CHECK(drift[0].recorded_checksum == old_checksum);
  CHECK(drift[0].current_checksum == edited.Find("b")->checksum().hex());

  Status refused = engine::operations::CheckReadyToChange(state, edited, false);
  CHECK(refused.code() == StatusCode::kRefused);
  CHECK(refused.location()->file == "revisions/b_revision_b.sql");
  CHECK_THAT(refused.message(), Catch::Contains("revisions/b_revision_b.sql"));
  CHECK_THAT(refused.hint(), Catch::Contains("rev repair"));
  CHECK(Migrate(*backend, edited, Direction::kUpgrade, "head").code() == StatusCode::kRefused);
  CHECK(Heads(*backend) == Names{"c"});

  Require(Migrate(*backend, edited, Direction::kUpgrade, "d", TestOptions(), nullptr,
                  /*ignore_checksums=*/true));
  CHECK(Heads(*backend) == Names{"d"});

  Require(RepairUnderLock(*backend, edited));
  CHECK(engine::operations::FindDrift(State(*backend), edited).empty());
  CHECK(HistoryLines(*backend).back() == " repair repaired");
  Require(Migrate(*backend, edited, Direction::kDowngrade, "a"));
  CHECK(Heads(*backend) == Names{"a"});

  // Nothing left to repair: nothing recorded.
  size_t rows = backend->ReadHistory(0)->size();
  Require(RepairUnderLock(*backend, edited));
  CHECK(backend->ReadHistory(0)->size() == rows);
}

// A fresh database with a -> b -> c -> d (TableChain(4)) upgraded to b, then changed by
// hand with `sql`, as a person or another tool would.
struct EditedAtB {
  EditedAtB(engine::backends::DatabaseKind kind, const std::string& sql)
      : db(kind), graph(WriteGraph(db.folder(), TableChain(4))), backend(db.Open()) {
    Require(Migrate(*backend, graph, Direction::kUpgrade, "b"));
    db.Execute(sql);
  }
  TestDatabase db;
  engine::RevisionGraph graph;
  std::unique_ptr<Backend> backend;
};

TEST_CASE("An applied revision whose file is gone is refused until repaired") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  EditedAtB edited(kind,
                   "INSERT INTO rev_applied (revision, checksum, applied_at) VALUES "
                   "('zz', 'abc', '2026-01-01T00:00:00.000Z')");
  DatabaseState state = State(*edited.backend);
  auto drift = engine::operations::FindDrift(state, edited.graph);
  REQUIRE(drift.size() == 1);
  CHECK(drift[0].revision == "zz");
  CHECK(drift[0].path.empty());
  Status refused = engine::operations::CheckReadyToChange(state, edited.graph, false);
  CHECK(refused.code() == StatusCode::kRefused);
  CHECK_THAT(refused.message(), Catch::Contains("missing  zz: its file is gone"));
  Require(RepairUnderLock(*edited.backend, edited.graph));
  CHECK(AppliedNames(*edited.backend) == Names{"a", "b"});
  Require(engine::operations::CheckReadyToChange(State(*edited.backend), edited.graph, false));
}

TEST_CASE("Heads the folder does not know: refused, and stamp needs --purge") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  EditedAtB edited(kind, "UPDATE rev_version SET version_num = 'f00dfeed'");

  DatabaseState state = State(*edited.backend);
  CHECK(ToNames(engine::operations::UnknownHeads(state.heads, edited.graph)) == Names{"f00dfeed"});
  Status refused = engine::operations::CheckReadyToChange(state, edited.graph, false);
  CHECK(refused.code() == StatusCode::kRefused);
  CHECK_THAT(refused.message(), Catch::Contains("f00dfeed"));
  CHECK_THAT(refused.message(), Catch::Contains("ahead of this checkout"));
  CHECK(Migrate(*edited.backend, edited.graph, Direction::kUpgrade, "head").code() ==
        StatusCode::kRefused);

  CHECK(StampUnderLock(*edited.backend, edited.graph, {"b"}, false).code() == StatusCode::kRefused);
  CHECK(Heads(*edited.backend) == Names{"f00dfeed"});
  Require(StampUnderLock(*edited.backend, edited.graph, {"b"}, true));
  CHECK(Heads(*edited.backend) == Names{"b"});
  Require(Migrate(*edited.backend, edited.graph, Direction::kUpgrade, "head"));
  CHECK(Heads(*edited.backend) == Names{"d"});
}

TEST_CASE("Stamp sets the heads and the applied checksums, runs nothing, and clears dirt") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), TableChain(4));
  auto backend = db.Open();

  Require(StampUnderLock(*backend, graph, {"c"}, false));
  CHECK(Heads(*backend) == Names{"c"});
  CHECK_FALSE(db.HasTable("t1"));
  CHECK(AppliedNames(*backend) == Names{"a", "b", "c"});
  auto applied = backend->ReadApplied();
  for (const auto& row : *applied) {
    CHECK(row.checksum == graph.Find(row.revision)->checksum().hex());
  }
  auto row = backend->ReadHistory(1)->front();
  CHECK(row.revision == "c");
  CHECK(row.direction == "stamp");
  CHECK(row.status == StepStatus::kStamped);
  CHECK(row.from_heads.empty());
  CHECK(ToNames(row.to_heads) == Names{"c"});

  // Upgrade goes on from the stamp.
  Require(Migrate(*backend, graph, Direction::kUpgrade, "head"));
  CHECK(db.HasTable("t4"));
  CHECK_FALSE(db.HasTable("t3"));

  Require(StampUnderLock(*backend, graph, {"a"}, false));
  CHECK(AppliedNames(*backend) == Names{"a"});
  CHECK(db.HasTable("t4"));  // stamp runs nothing
  Require(StampUnderLock(*backend, graph, {}, false));
  CHECK(Heads(*backend).empty());
  CHECK(AppliedNames(*backend).empty());

  CHECK(StampUnderLock(*backend, graph, {"a", "c"}, false).code() == StatusCode::kInvalidInput);
  CHECK(HistoryLines(*backend) ==
        Names{"c stamp stamped", "d upgrade applied", "a stamp stamped", " stamp stamped"});
}

TEST_CASE("Stamp keeps the applied checksums of two branches and their dependencies") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph =
      WriteGraph(db.folder(), {{"a"}, {"b", {"a"}}, {"x"}, Rev("y", {"x"}).DependsOn({"b"})});
  auto backend = db.Open();
  Require(StampUnderLock(*backend, graph, {"y"}, false));
  CHECK(AppliedNames(*backend) == Names{"a", "b", "x", "y"});
  CHECK(backend->ReadHistory(1)->front().revision == "y");
  Require(StampUnderLock(*backend, graph, {"a", "x"}, false));
  CHECK(Heads(*backend) == Names{"a", "x"});
  CHECK(AppliedNames(*backend) == Names{"a", "x"});
  CHECK(backend->ReadHistory(1)->front().revision.empty());
}

TEST_CASE("A database under Alembic's alembic_version is adopted and upgraded") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), TableChain(4));
  // What Alembic left: its version table at b and the schema of a and b.
  db.Execute(
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)); "
      "INSERT INTO alembic_version (version_num) VALUES ('b'); "
      "CREATE TABLE t1 (x INTEGER); CREATE TABLE t2 (x INTEGER);");
  engine::backends::BackendOptions options;
  options.version_table = "alembic_version";
  auto backend = db.Open(options);
  DatabaseState state = State(*backend);
  CHECK(state.has_version_table);
  CHECK(ToNames(state.heads) == Names{"b"});
  Require(engine::operations::CheckReadyToChange(state, graph, false));

  Require(StampUnderLock(*backend, graph, {"b"}, false));  // records a and b's checksums
  CHECK(AppliedNames(*backend) == Names{"a", "b"});
  Require(Migrate(*backend, graph, Direction::kUpgrade, "head"));
  CHECK(db.Query("SELECT version_num FROM alembic_version") == Names{"d"});
  CHECK_FALSE(db.HasTable("rev_version"));
  CHECK(AppliedNames(*backend) == Names{"a", "b", "c", "d"});
}

}  // namespace
}  // namespace rev::testing
