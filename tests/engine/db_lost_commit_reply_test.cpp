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
  Result<std::vector<engine::backends::QueryRow>> Query(const std::string& sql,
                                                        const engine::backends::QueryParams& params,
                                                        const std::string& what) override {
    return real_.Query(sql, params, what);
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

// A fresh database upgraded to head through a LostReplyBackend that loses the reply to the
// second commit (b2's), which really went through (`commits`) or not. a1 makes a counter;
// b2 counts once each time its SQL runs.
struct LostReplyUpgrade {
  LostReplyUpgrade(DatabaseKind kind, bool commits)
      : db(kind),
        graph(WriteGraph(db.folder(),
                         {{"a1", {}, "CREATE TABLE ran (revision VARCHAR(8));", "DROP TABLE ran;"},
                          {"b2", {"a1"}, "INSERT INTO ran VALUES ('b2');", "DELETE FROM ran;"}})),
        real(db.Open()) {
    LostReplyBackend backend(*real, /*lose=*/2, commits);
    run = Migrate(backend, graph, engine::Direction::kUpgrade, "head", TestOptions(), &report);
  }
  // Upgrades to head again, through the real backend.
  Status RunAgain() { return Migrate(*real, graph, engine::Direction::kUpgrade, "head"); }
  std::vector<std::string> TimesRan() const { return db.Query("SELECT count(*) FROM ran"); }

  TestDatabase db;
  engine::RevisionGraph graph;
  std::unique_ptr<Backend> real;
  Status run;
  engine::operations::MigrationReport report;
};

TEST_CASE("a commit whose reply is lost but which committed counts as applied, run once",
          "[db][commit]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  LostReplyUpgrade lost(kind, /*commits=*/true);
  INFO(lost.run.ToString() << "\nhint: " << lost.run.hint());
  CHECK(lost.run.code() == StatusCode::kDatabase);
  CHECK(lost.run.message().find("the version table shows it was applied") != std::string::npos);
  CHECK(lost.report.steps_applied == 2);
  CHECK(ToNames(lost.report.heads) == Names{"b2"});
  CHECK(lost.TimesRan() == Names{"1"});
  CHECK(HistoryLines(*lost.real) == Names{"a1 upgrade applied", "b2 upgrade applied"});

  // The next run finds nothing to do: b2 never runs a second time.
  REQUIRE(lost.RunAgain().ok());
  CHECK(lost.TimesRan() == Names{"1"});
  CHECK(Heads(*lost.real) == Names{"b2"});
}

TEST_CASE("a commit whose reply is lost and which did not commit is recorded failed",
          "[db][commit]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  LostReplyUpgrade lost(kind, /*commits=*/false);
  INFO(lost.run.ToString());
  CHECK(lost.run.message().find("the version table shows it was not applied") != std::string::npos);
  CHECK(lost.report.steps_applied == 1);
  CHECK(ToNames(lost.report.heads) == Names{"a1"});
  CHECK(lost.TimesRan() == Names{"0"});
  CHECK(HistoryLines(*lost.real) == Names{"a1 upgrade applied", "b2 upgrade failed"});

  // Run again, b2 is applied once.
  REQUIRE(lost.RunAgain().ok());
  CHECK(lost.TimesRan() == Names{"1"});
}

}  // namespace
}  // namespace rev::testing
