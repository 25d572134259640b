// The migrator on real databases, on every kind under test: plans run step by step with
// their bookkeeping, failures that leave the steps before them applied, non-transactional
// steps, --single-transaction, Ctrl-C, and a commit whose outcome is unknown.
#include <atomic>
#include <catch2/catch.hpp>

#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"
#include "tests/support/chains.h"
#include "tests/support/ctrl_c.h"
#include "tests/support/graph_literals.h"
#include "tests/support/plans.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::Direction;
using engine::backends::Backend;
using engine::backends::StepStatus;
using engine::operations::MigrationOptions;
using engine::operations::MigrationReport;

constexpr Direction kUp = Direction::kUpgrade;
constexpr Direction kDown = Direction::kDowngrade;

// The 1-based line of the file at `path` where `text` first appears.
int LineOf(const std::filesystem::path& path, const std::string& text) {
  std::string content = ReadFile(path);
  size_t at = content.find(text);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(content.begin(), content.begin() + at, '\n'));
}

TEST_CASE("upgrade head, downgrade base, upgrade head: the same schema, every step recorded") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), UsersChain());
  auto backend = db.Open();

  MigrationReport report;
  Require(Migrate(*backend, graph, kUp, "head", TestOptions(), &report));
  CHECK(report.steps_applied == 4);
  CHECK(ToNames(report.heads) == Names{"d"});
  CHECK(Heads(*backend) == Names{"d"});
  std::vector<std::string> schema = db.Schema();
  auto applied = backend->ReadApplied();
  REQUIRE(applied->size() == 4);
  for (const auto& row : *applied) {
    CHECK(row.checksum == graph.Find(row.revision)->checksum().hex());
    CHECK_FALSE(row.applied_at.empty());
  }
  auto newest = backend->ReadHistory(1)->front();
  CHECK(ToNames(newest.from_heads) == Names{"c"});
  CHECK(ToNames(newest.to_heads) == Names{"d"});
  CHECK(newest.checksum == graph.Find("d")->checksum().hex());
  CHECK(newest.run_by == "tester@test");
  CHECK(newest.rev_version == "test");
  CHECK_FALSE(newest.finished_at.empty());

  // Again: nothing to do, nothing recorded.
  Require(Migrate(*backend, graph, kUp, "head", TestOptions(), &report));
  CHECK(report.steps_applied == 0);
  CHECK(backend->ReadHistory(0)->size() == 4);

  Require(Migrate(*backend, graph, kDown, "base", TestOptions(), &report));
  CHECK(report.steps_applied == 4);
  CHECK(Heads(*backend).empty());
  CHECK(backend->ReadApplied()->empty());
  CHECK_FALSE(db.HasTable("users"));
  CHECK_FALSE(db.HasTable("posts"));

  Require(Migrate(*backend, graph, kUp, "head"));
  CHECK(db.Schema() == schema);
  CHECK(HistoryLines(*backend) ==
        Names{"a upgrade applied", "b upgrade applied", "c upgrade applied", "d upgrade applied",
              "d downgrade applied", "c downgrade applied", "b downgrade applied",
              "a downgrade applied", "a upgrade applied", "b upgrade applied", "c upgrade applied",
              "d upgrade applied"});
}

TEST_CASE("A failing step rolls back, is recorded, and the steps before it stay applied") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto specs = UsersChain();
  specs[2].upgrade =
      "CREATE TABLE c_table (x INTEGER);\nINSERT INTO c_table VALUES (1);\n"
      "INSERT INTO missing_table VALUES (1);\n";
  auto graph = WriteGraph(db.folder(), specs);
  auto backend = db.Open();

  MigrationReport report;
  Status status = Migrate(*backend, graph, kUp, "head", TestOptions(), &report);
  REQUIRE(status.code() == StatusCode::kDatabase);
  REQUIRE(status.location().has_value());
  CHECK(status.location()->file == "revisions/c_revision_c.sql");
  CHECK(status.location()->line ==
        LineOf(db.folder() / "revisions/c_revision_c.sql", "INSERT INTO missing_table"));
  CHECK_THAT(status.message(), Catch::Contains("missing_table"));
  CHECK_THAT(status.message(), Catch::Contains("upgrade of c"));
  CHECK_THAT(status.hint(), Catch::Contains("2 of 4 steps"));
  CHECK(report.steps_applied == 2);
  CHECK(ToNames(report.heads) == Names{"b"});
  CHECK(Heads(*backend) == Names{"b"});
  CHECK(db.HasTable("users"));
  CHECK_FALSE(db.HasTable("c_table"));
  CHECK(HistoryLines(*backend) ==
        Names{"a upgrade applied", "b upgrade applied", "c upgrade failed"});
  auto failure = backend->ReadLastFailure();
  REQUIRE(failure->has_value());
  CHECK_THAT((*failure)->error, Catch::Contains("revisions/c_revision_c.sql:"));
  CHECK_THAT((*failure)->error, Catch::Contains("missing_table"));
  CHECK_FALSE(backend->ReadDirtyStep()->has_value());

  // Fixed, it goes on from where it stopped.
  auto fixed = WriteGraph(db.folder(), UsersChain());
  Require(Migrate(*backend, fixed, kUp, "head", TestOptions(), &report));
  CHECK(report.steps_applied == 2);
  CHECK(Heads(*backend) == Names{"d"});
  CHECK_FALSE(backend->ReadLastFailure()->has_value());
}

TEST_CASE("A downgrade through a revision without a downgrade section is refused up front") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto specs = UsersChain();
  specs[1].downgrade.reset();
  auto graph = WriteGraph(db.folder(), specs);
  auto backend = db.Open();
  Require(Migrate(*backend, graph, kUp, "head"));
  size_t rows = backend->ReadHistory(0)->size();

  Status status = Migrate(*backend, graph, kDown, "base");
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK(status.location()->file == "revisions/b_revision_b.sql");
  CHECK_THAT(status.message(), Catch::Contains("no downgrade section"));
  CHECK(Heads(*backend) == Names{"d"});
  CHECK(db.HasTable("posts"));
  CHECK(backend->ReadHistory(0)->size() == rows);

  // Down to b itself needs no downgrade of b.
  Require(Migrate(*backend, graph, kDown, "b"));
  CHECK(Heads(*backend) == Names{"b"});
  CHECK_FALSE(db.HasTable("posts"));
}

TEST_CASE("Branches and a merge revision go up and down through the version table") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph =
      WriteGraph(db.folder(), {{"a", {}, "CREATE TABLE ta (x INTEGER);", "DROP TABLE ta;"},
                               {"b1", {"a"}, "CREATE TABLE tb1 (x INTEGER);", "DROP TABLE tb1;"},
                               {"b2", {"a"}, "CREATE TABLE tb2 (x INTEGER);", "DROP TABLE tb2;"},
                               {"m", {"b1", "b2"}, "", std::nullopt}});
  auto backend = db.Open();
  Require(Migrate(*backend, graph, kUp, "b1"));
  CHECK(Heads(*backend) == Names{"b1"});
  Require(Migrate(*backend, graph, kUp, "b2"));
  CHECK(Heads(*backend) == Names{"b1", "b2"});
  Require(Migrate(*backend, graph, kUp, "head"));
  CHECK(Heads(*backend) == Names{"m"});
  // m has nothing to undo, so its missing downgrade section is no obstacle.
  Require(Migrate(*backend, graph, kDown, "base"));
  CHECK(Heads(*backend).empty());
  CHECK_FALSE(db.HasTable("ta"));
}

TEST_CASE("A version table changed underneath is a conflict, before or between steps") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), UsersChain());
  auto backend = db.Open();
  Require(Migrate(*backend, graph, kUp, "a"));
  Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));

  SECTION("before the first step: nothing runs") {
    engine::Plan plan = Upgrade(graph, {"a"}, "head");
    db.Execute("UPDATE rev_version SET version_num = 'b'");
    MigrationReport report;
    Status status =
        engine::operations::RunPlan(*backend, graph, plan, TestOptions(), nullptr, &report);
    CHECK(status.code() == StatusCode::kConflict);
    CHECK(report.steps_applied == 0);
    CHECK(Heads(*backend) == Names{"b"});
    CHECK_FALSE(db.HasTable("posts"));
  }
  SECTION("between steps: the step's compare-and-swap fails and it rolls back") {
    struct Meddler : engine::operations::MigrationObserver {
      const TestDatabase* db = nullptr;
      void StepStarting(const engine::Step& step, const engine::Revision&) override {
        if (step.revision.str() == "c") db->Execute("DELETE FROM rev_version");
      }
      void StepFinished(const engine::Step&, const engine::Revision&, StepStatus,
                        std::chrono::milliseconds, const Status&) override {}
    } meddler;
    meddler.db = &db;
    engine::Plan plan = Upgrade(graph, {"a"}, "head");
    MigrationReport report;
    Status status =
        engine::operations::RunPlan(*backend, graph, plan, TestOptions(), &meddler, &report);
    CHECK(status.code() == StatusCode::kConflict);
    CHECK_THAT(status.message(), Catch::Contains("version table changed"));
    CHECK(report.steps_applied == 1);
    CHECK(Heads(*backend).empty());
    CHECK_FALSE(db.HasTable("posts"));
    CHECK(HistoryLines(*backend).back() == "c upgrade failed");
  }
}

TEST_CASE("A non-transactional step records started, then its outcome") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto specs = UsersChain();
  specs.erase(specs.begin() + 1, specs.end());
  specs.push_back(Rev("n", {"a"}, "CREATE TABLE n1 (x INTEGER);\nCREATE TABLE n2 (x INTEGER);",
                      "DROP TABLE n2;\nDROP TABLE n1;")
                      .NonTransactional());
  auto graph = WriteGraph(db.folder(), specs);
  auto backend = db.Open();

  SECTION("success: applied, and the database is clean") {
    Require(Migrate(*backend, graph, kUp, "head"));
    CHECK(Heads(*backend) == Names{"n"});
    auto newest = backend->ReadHistory(1)->front();
    CHECK(newest.status == StepStatus::kApplied);
    CHECK_FALSE(newest.transactional);
    CHECK_FALSE(backend->ReadDirtyStep()->has_value());
    Require(Migrate(*backend, graph, kDown, "a"));
    CHECK_FALSE(db.HasTable("n1"));
  }
  SECTION("failure: what ran stays, the database is dirty until repaired or stamped") {
    specs[1].upgrade = "CREATE TABLE n1 (x INTEGER);\nINSERT INTO nowhere VALUES (1);";
    auto broken = WriteGraph(db.folder(), specs);
    Status status = Migrate(*backend, broken, kUp, "head");
    REQUIRE(status.code() == StatusCode::kDatabase);
    CHECK(status.location()->line ==
          LineOf(db.folder() / "revisions/n_revision_n.sql", "INSERT INTO nowhere"));
    CHECK_THAT(status.hint(), Catch::Contains("dirty"));
    // SQLite ran the statements one by one: the first stays. (PostgreSQL runs a script
    // sent at once in one implicit transaction, so there it may be gone.)
    if (db.is_sqlite()) CHECK(db.HasTable("n1"));
    CHECK(Heads(*backend) == Names{"a"});
    auto dirty = backend->ReadDirtyStep();
    REQUIRE(dirty->has_value());
    CHECK((*dirty)->revision == "n");
    CHECK((*dirty)->status == StepStatus::kFailed);
    CHECK_THAT((*dirty)->error, Catch::Contains("nowhere"));

    Status refused = Migrate(*backend, broken, kUp, "head");
    CHECK(refused.code() == StatusCode::kRefused);
    CHECK(refused.location()->file == "revisions/n_revision_n.sql");

    // A person cleans up and repairs; then it runs again.
    Require(backend->AcquireMigrationLock(std::chrono::seconds(5)));
    Require(engine::operations::Repair(*backend, graph, TestOptions()));
    Require(backend->ReleaseMigrationLock());
    CHECK_FALSE(backend->ReadDirtyStep()->has_value());
    db.Execute("DROP TABLE IF EXISTS n1");
    Require(Migrate(*backend, graph, kUp, "head"));
    CHECK(Heads(*backend) == Names{"n"});
    CHECK(db.HasTable("n2"));
  }
}

TEST_CASE(
    "single transaction (--single-transaction): all or nothing, and never with a non-transactional "
    "step") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto specs = UsersChain();
  MigrationOptions options = TestOptions();
  options.single_transaction = true;
  auto backend = db.Open();

  SECTION("all") {
    auto graph = WriteGraph(db.folder(), specs);
    MigrationReport report;
    Require(Migrate(*backend, graph, kUp, "head", options, &report));
    CHECK(report.steps_applied == 4);
    CHECK(Heads(*backend) == Names{"d"});
    CHECK(backend->ReadHistory(0)->size() == 4);
    CHECK(backend->ReadApplied()->size() == 4);
  }
  SECTION("nothing") {
    specs[3].upgrade = "ALTER TABLE users ADD COLUMN email VARCHAR(100);\nSELEC 1;";
    auto graph = WriteGraph(db.folder(), specs);
    MigrationReport report;
    Status status = Migrate(*backend, graph, kUp, "head", options, &report);
    CHECK(status.code() == StatusCode::kDatabase);
    CHECK(status.location()->file == "revisions/d_revision_d.sql");
    CHECK_THAT(status.hint(), Catch::Contains("rolled the whole plan back"));
    CHECK(report.steps_applied == 0);
    CHECK(Heads(*backend).empty());
    CHECK_FALSE(db.HasTable("users"));
    CHECK(backend->ReadApplied()->empty());
    CHECK(HistoryLines(*backend) == Names{"d upgrade failed"});
  }
  SECTION("refused") {
    specs[2].transactional = false;
    auto graph = WriteGraph(db.folder(), specs);
    Status status = Migrate(*backend, graph, kUp, "head", options);
    CHECK(status.code() == StatusCode::kInvalidInput);
    CHECK(status.location()->file == "revisions/c_revision_c.sql");
    CHECK(Heads(*backend).empty());
    CHECK_FALSE(db.HasTable("users"));
    CHECK(backend->ReadHistory(0)->empty());
  }
}

TEST_CASE("Ctrl-C during a step rolls it back, records rolled_back, and stops") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto specs = UsersChain();
  specs.erase(specs.begin() + 1, specs.end());
  specs.push_back({"long",
                   {"a"},
                   "CREATE TABLE long_t (x INTEGER);\n" + LongStatement(kind, 60),
                   "DROP TABLE long_t;"});
  specs.push_back({"after", {"long"}, "CREATE TABLE after_t (x INTEGER);", "DROP TABLE after_t;"});
  auto graph = WriteGraph(db.folder(), specs);
  auto backend = db.Open();
  Require(Migrate(*backend, graph, kUp, "a"));

  std::atomic<bool> interrupted{false};
  MigrationOptions options = TestOptions();
  options.interrupted = &interrupted;
  auto started = std::chrono::steady_clock::now();
  MigrationReport report;
  Status status;
  {
    CtrlC ctrl_c(*backend, &interrupted);
    status = Migrate(*backend, graph, kUp, "head", options, &report);
  }

  CHECK(status.code() == StatusCode::kInterrupted);
  CHECK_THAT(status.message(), Catch::Contains("rolled back"));
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
  CHECK(report.steps_applied == 0);
  CHECK(Heads(*backend) == Names{"a"});
  CHECK_FALSE(db.HasTable("long_t"));
  CHECK_FALSE(db.HasTable("after_t"));
  CHECK(HistoryLines(*backend).back() == "long upgrade rolled_back");
}

TEST_CASE("Ctrl-C during a non-transactional step leaves it dirty, not rolled back") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph =
      WriteGraph(db.folder(),
                 {{"a", {}, "CREATE TABLE ta (x INTEGER);", "DROP TABLE ta;"},
                  Rev("long", {"a"}, "CREATE TABLE long_t (x INTEGER);\n" + LongStatement(kind, 60),
                      "DROP TABLE long_t;")
                      .NonTransactional()});
  auto backend = db.Open();
  std::atomic<bool> interrupted{false};
  MigrationOptions options = TestOptions();
  options.interrupted = &interrupted;
  Status status;
  {
    CtrlC ctrl_c(*backend, &interrupted);
    status = Migrate(*backend, graph, kUp, "head", options);
  }
  CHECK(status.code() == StatusCode::kInterrupted);
  CHECK_THAT(status.message(), Catch::Contains("could not be rolled back"));
  CHECK_THAT(status.hint(), Catch::Contains("dirty"));
  CHECK(Heads(*backend) == Names{"a"});
  auto dirty = backend->ReadDirtyStep();
  REQUIRE(dirty->has_value());
  CHECK((*dirty)->revision == "long");
  CHECK((*dirty)->status == StepStatus::kFailed);
}

TEST_CASE("An interrupt before a step stops the run with nothing done") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), UsersChain());
  auto backend = db.Open();
  std::atomic<bool> interrupted{true};
  MigrationOptions options = TestOptions();
  options.interrupted = &interrupted;
  CHECK(Migrate(*backend, graph, kUp, "head", options).code() == StatusCode::kInterrupted);
  CHECK(Heads(*backend).empty());
  CHECK(backend->ReadHistory(0)->empty());
}

}  // namespace
}  // namespace rev::testing
