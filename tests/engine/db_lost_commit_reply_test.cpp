// A COMMIT whose reply never arrives, on both backends: the database decided, rev did not
// hear. The migrator must read the version table back and believe it, in both directions,
// and never run the step again.
//
// The lost reply is made by LostReplyBackend, which forwards every call to a real backend
// and, for one chosen commit, either commits or rolls back for real and then reports
// kCommitUnknown, as PostgreSQL's client does when the connection drops inside COMMIT.
// (tests/engine/db_postgres_commit_test.cpp makes the connection really drop, which can
// only show the "not committed" side.)
#include <catch2/catch.hpp>

#include "engine/operations/migrator.h"
#include "tests/support/graph_literals.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::backends::Backend;
using engine::backends::DatabaseKind;
using engine::backends::Transaction;

class LostReplyTransaction : public Transaction {
 public:
  LostReplyTransaction(std::unique_ptr<Transaction> real, bool commits)
      : real_(std::move(real)), commits_(commits) {}
  Status Commit() override {
    if (commits_) {
      Status committed = real_->Commit();
      if (!committed.ok()) return committed;
    } else {
      real_.reset();  // rolls back
    }
    return Status::CommitUnknown("the connection was lost during COMMIT");
  }

 private:
  std::unique_ptr<Transaction> real_;
  bool commits_;
};

// Loses the reply of the `lose`-th Begin's commit (1-based); `commits` says what the
// database did with it.
class LostReplyBackend : public Backend {
 public:
  LostReplyBackend(Backend& real, int lose, bool commits)
      : real_(real), lose_(lose), commits_(commits) {}

  engine::backends::DatabaseKind kind() const override { return real_.kind(); }
  Status AcquireMigrationLock(std::chrono::milliseconds timeout) override {
    return real_.AcquireMigrationLock(timeout);
  }
  Status ReleaseMigrationLock() override { return real_.ReleaseMigrationLock(); }
  Result<bool> IsMigrationLockHeld() override { return real_.IsMigrationLockHeld(); }
  Status EnsureTables() override { return real_.EnsureTables(); }
  Result<bool> HasVersionTable() override { return real_.HasVersionTable(); }
  Result<engine::RevisionIds> ReadHeads() override { return real_.ReadHeads(); }
  Result<std::vector<engine::backends::AppliedRevision>> ReadApplied() override {
    return real_.ReadApplied();
  }
  Result<std::vector<engine::backends::HistoryRow>> ReadHistory(size_t limit) override {
    return real_.ReadHistory(limit);
  }
  Result<std::optional<engine::backends::HistoryRow>> ReadDirtyStep() override {
    return real_.ReadDirtyStep();
  }
  Result<std::optional<engine::backends::HistoryRow>> ReadLastFailure() override {
    return real_.ReadLastFailure();
  }
  Result<std::unique_ptr<Transaction>> Begin() override {
    REV_ASSIGN_OR_RETURN(std::unique_ptr<Transaction> real, real_.Begin());
    if (++begun_ != lose_) return real;
    return std::unique_ptr<Transaction>(new LostReplyTransaction(std::move(real), commits_));
  }
  Status ExecuteScript(const std::string& sql,
                       const engine::backends::ScriptSource& source) override {
    return real_.ExecuteScript(sql, source);
  }
  Status ApplyVersionEdit(const engine::VersionEdit& edit) override {
    return real_.ApplyVersionEdit(edit);
  }
  Status ReplaceHeads(const engine::RevisionIds& heads) override {
    return real_.ReplaceHeads(heads);
  }
  Status RecordApplied(const engine::backends::AppliedRevision& applied) override {
    return real_.RecordApplied(applied);
  }
  Status ForgetApplied(const std::string& revision) override {
    return real_.ForgetApplied(revision);
  }
  Result<int64_t> AppendHistory(const engine::backends::HistoryRow& row) override {
    return real_.AppendHistory(row);
  }
  Status FinishHistory(int64_t id, const engine::backends::HistoryRow& outcome) override {
    return real_.FinishHistory(id, outcome);
  }
  Result<int64_t> RecordStep(const engine::VersionEdit& edit,
                             const std::optional<engine::backends::AppliedRevision>& applied,
                             const engine::backends::HistoryRow& row) override {
    return real_.RecordStep(edit, applied, row);
  }
  void Interrupt() override { real_.Interrupt(); }

 private:
  Backend& real_;
  int lose_;
  bool commits_;
  int begun_ = 0;
};

// a1 makes a counter; b2 counts once each time its SQL runs.
void WriteCounterRevisions(const TestDatabase& db) {
  WriteRevisions(db.folder(),
                 {{"a1", {}, "CREATE TABLE ran (revision VARCHAR(8));", "DROP TABLE ran;"},
                  {"b2", {"a1"}, "INSERT INTO ran VALUES ('b2');", "DELETE FROM ran;"}});
}

TEST_CASE("a commit whose reply is lost but which committed counts as applied, run once",
          "[db][commit]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  WriteCounterRevisions(db);
  engine::RevisionGraph graph = LoadGraph(db.folder());
  auto real = db.Open();
  LostReplyBackend backend(*real, /*lose=*/2, /*commits=*/true);
  engine::operations::MigrationReport report;
  Status run = Migrate(backend, graph, engine::Direction::kUpgrade, "head", TestOptions(), &report);
  INFO(run.ToString() << "\nhint: " << run.hint());
  CHECK(run.code() == StatusCode::kDatabase);
  CHECK(run.message().find("the version table shows it was applied") != std::string::npos);
  CHECK(report.steps_applied == 2);
  CHECK(ToNames(report.heads) == Names{"b2"});
  CHECK(db.Query("SELECT count(*) FROM ran") == Names{"1"});
  CHECK(HistoryLines(*real) == Names{"a1 upgrade applied", "b2 upgrade applied"});

  // The next run finds nothing to do: b2 never runs a second time.
  REQUIRE(Migrate(*real, graph, engine::Direction::kUpgrade, "head").ok());
  CHECK(db.Query("SELECT count(*) FROM ran") == Names{"1"});
  CHECK(Heads(*real) == Names{"b2"});
}

TEST_CASE("a commit whose reply is lost and which did not commit is recorded failed",
          "[db][commit]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  WriteCounterRevisions(db);
  engine::RevisionGraph graph = LoadGraph(db.folder());
  auto real = db.Open();
  LostReplyBackend backend(*real, /*lose=*/2, /*commits=*/false);
  engine::operations::MigrationReport report;
  Status run = Migrate(backend, graph, engine::Direction::kUpgrade, "head", TestOptions(), &report);
  INFO(run.ToString());
  CHECK(run.message().find("the version table shows it was not applied") != std::string::npos);
  CHECK(report.steps_applied == 1);
  CHECK(ToNames(report.heads) == Names{"a1"});
  CHECK(db.Query("SELECT count(*) FROM ran") == Names{"0"});
  CHECK(HistoryLines(*real) == Names{"a1 upgrade applied", "b2 upgrade failed"});

  // Run again, b2 is applied once.
  REQUIRE(Migrate(*real, graph, engine::Direction::kUpgrade, "head").ok());
  CHECK(db.Query("SELECT count(*) FROM ran") == Names{"1"});
}

}  // namespace
}  // namespace rev::testing
