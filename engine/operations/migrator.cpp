#include "engine/operations/migrator.h"

#include <chrono>

namespace rev::engine::operations {
namespace {

using SteadyClock = std::chrono::steady_clock;

// How a step that did not happen ended: rolled back by Ctrl-C, or failed.
backends::StepStatus FailedOutcome(const Status& status) {
  return status.code() == StatusCode::kInterrupted ? backends::StepStatus::kRolledBack
                                                   : backends::StepStatus::kFailed;
}

std::string Now() { return backends::FormatTimestamp(std::chrono::system_clock::now()); }

std::string Describe(const Step& step) {
  return std::string(DirectionName(step.direction)) + " of " + step.revision.str();
}

const std::string& SectionSql(const Revision& revision, Direction direction) {
  static const std::string kNothing;
  if (direction == Direction::kUpgrade) return revision.upgrade_sql();
  return revision.downgrade_sql() ? *revision.downgrade_sql() : kNothing;
}

// A step that runs a program runs as `transactional: false` whatever the header says: a
// program works on its own connections, outside any transaction of rev's.
bool Transactional(const Revision& revision, Direction direction) {
  return revision.transactional() && !ProgramOf(revision, direction);
}

backends::ScriptSource SectionSource(const Revision& revision, Direction direction) {
  return {revision.path(), direction == Direction::kUpgrade ? revision.upgrade_first_line()
                                                            : revision.downgrade_first_line()};
}

// Runs a Plan; one object per RunPlan call.
class Runner {
 public:
  Runner(backends::Backend& backend, const RevisionGraph& graph, const Plan& plan,
         const MigrationOptions& options, MigrationObserver* observer, MigrationReport* report)
      : backend_(backend),
        graph_(graph),
        plan_(plan),
        options_(options),
        observer_(observer),
        report_(report) {}

  Status Run() {
    report_->steps_applied = 0;
    report_->heads = plan_.start_heads;
    if (plan_.empty()) return Status::Ok();
    REV_RETURN_IF_ERROR(CheckBeforeAnyStep());
    if (options_.single_transaction) return RunSingleTransaction();
    for (const Step& step : plan_.steps) {
      if (interrupted()) {
        return Status::Interrupted("interrupted before the " + Describe(step) + "; " + Progress() +
                                   " applied");
      }
      const Revision& revision = graph_.Get(step.revision);
      REV_RETURN_IF_ERROR(Transactional(revision, step.direction)
                              ? RunTransactionalStep(step, revision)
                              : RunNonTransactionalStep(step, revision));
      Applied(step);
    }
    return Status::Ok();
  }

 private:
  bool interrupted() const {
    return options_.interrupted != nullptr && options_.interrupted->load();
  }

  std::string Progress() const {
    return std::to_string(report_->steps_applied) + " of " + std::to_string(plan_.steps.size()) +
           " steps";
  }

  void Applied(const Step& step) {
    ++report_->steps_applied;
    report_->heads = step.to_heads;
  }

  // The refusals that must come before the first step changes anything.
  Status CheckBeforeAnyStep() {
    for (const Step& step : plan_.steps) {
      const Revision* revision = graph_.Find(step.revision.str());
      if (revision == nullptr) {
        return Status::Internal("the plan names " + step.revision.str() +
                                ", which is not in the revision folder");
      }
      if (revision->checksum().empty() || !revision->sections_loaded()) {
        return Status::Internal(revision->path() + " was read without its checksum or SQL");
      }
      // A revision whose upgrade runs nothing (a merge, a deliberate no-op) has nothing to undo.
      if (step.direction == Direction::kDowngrade && !revision->has_downgrade_marker() &&
          !revision->upgrade_runs_nothing()) {
        return Status::InvalidInput("cannot downgrade through " + step.revision.str() +
                                    ": its file has no downgrade section; nothing was changed")
            .At({revision->path(), 0, 0})
            .WithHint("add a `-- rev:downgrade` section, or downgrade no further than " +
                      step.revision.str());
      }
      if (options_.single_transaction && !Transactional(*revision, step.direction)) {
        return Status::InvalidInput(
                   "--single-transaction cannot include " + step.revision.str() +
                   ", which is `transactional: false` (or runs a program); nothing was changed")
            .At({revision->path(), 0, 0})
            .WithHint("run without --single-transaction");
      }
    }
    // Heads re-read under the lock: another rev may have moved them since the plan.
    REV_ASSIGN_OR_RETURN(RevisionIds heads, backend_.ReadHeads());
    if (heads != plan_.start_heads) {
      return Status::Conflict("the version table changed since the plan was made: expected [" +
                              backends::JoinHeads(plan_.start_heads) + "], found [" +
                              backends::JoinHeads(heads) + "]; nothing was changed")
          .WithHint("run the command again");
    }
    return Status::Ok();
  }

  backends::HistoryRow NewRow(const Step& step, const Revision& revision,
                              backends::StepStatus status, const std::string& started_at) const {
    backends::HistoryRow row;
    row.revision = step.revision.str();
    row.direction = DirectionName(step.direction);
    row.from_heads = step.from_heads;
    row.to_heads = step.to_heads;
    row.checksum = revision.checksum().hex();
    row.status = status;
    row.transactional = Transactional(revision, step.direction);
    row.started_at = started_at;
    row.rev_version = options_.rev_version;
    row.run_by = options_.run_by;
    return row;
  }

  static void Finish(backends::HistoryRow* row, SteadyClock::time_point start,
                     backends::StepStatus status, const Status& error) {
    row->status = status;
    row->finished_at = Now();
    row->duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
    if (!error.ok()) row->error = error.ToString();
  }

  // The version-table compare-and-swap, the applied checksum and the history row of a
  // step whose SQL ran. REQUIRES: a transaction is open.
  Status Bookkeep(const Step& step, const Revision& revision, backends::HistoryRow* row,
                  int64_t started_id) {
    std::optional<backends::AppliedRevision> applied;
    if (step.direction == Direction::kUpgrade) {
      applied = backends::AppliedRevision{step.revision.str(), revision.checksum().hex(),
                                          row->finished_at};
    }
    row->id = started_id;
    REV_ASSIGN_OR_RETURN(row->id, backend_.RecordStep(step.edit, applied, *row));
    return Status::Ok();
  }

  // A `failed` or `rolled_back` row in a transaction of its own. Best effort: the step's
  // own error is what the caller reports.
  void RecordFailure(const backends::HistoryRow& row) {
    Result<std::unique_ptr<backends::Transaction>> transaction = backend_.Begin();
    if (!transaction.ok()) return;
    if (backend_.AppendHistory(row).ok()) {
      Status ignored = (*transaction)->Commit();
      (void)ignored;
    }
  }

  void Notify(const Step& step, const Revision& revision, backends::StepStatus status,
              SteadyClock::time_point start, const Status& error) {
    if (observer_ == nullptr) return;
    auto duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
    observer_->StepFinished(step, revision, status, duration, error);
  }

  // The error a failed step returns: located at its file, saying what stays applied.
  Status StepError(const Step& step, const Revision& revision, Status error, bool dirty) {
    if (!error.location()) error.At({revision.path(), 0, 0});
    Status result;
    if (error.code() == StatusCode::kInterrupted) {
      result = Status::Interrupted(
          "interrupted during the " + Describe(step) +
          (dirty ? ", which could not be rolled back" : "; it was rolled back"));
    } else if (error.code() == StatusCode::kConflict) {
      result = Status::Conflict("the " + Describe(step) + " failed: " + error.message());
    } else if (error.code() == StatusCode::kLockLost) {
      // Its own words: another run goes on, so nothing of this one is left to fix.
      return Status::LockLost("the " + Describe(step) + " stopped: " + error.message())
          .At(*error.location())
          .WithHint(error.hint());
    } else {
      result = Status::Database("the " + Describe(step) + " failed: " + error.message());
    }
    result.At(*error.location());
    if (dirty) {
      return result.WithHint("the database is dirty at " + step.revision.str() +
                             ": part of its SQL may have run (" + Progress() +
                             " applied before it). Check the database, then `rev stamp` it if it "
                             "completed, or undo its partial changes and run `rev repair`");
    }
    if (!error.hint().empty()) return result.WithHint(error.hint());
    return result.WithHint(Progress() +
                           " applied before it stay applied; fix the revision and "
                           "run the command again");
  }

  // Tells the observer a step starts; returns when.
  SteadyClock::time_point Starting(const Step& step, const Revision& revision) {
    if (observer_ != nullptr) observer_->StepStarting(step, revision);
    return SteadyClock::now();
  }

  Status RunSection(const Step& step, const Revision& revision) {
    if (ProgramOf(revision, step.direction)) {
      return RunProgram(revision, step.direction, options_.programs, options_.interrupted,
                        [&](bool from_stderr, const std::string& line) {
                          if (observer_ != nullptr) {
                            observer_->ProgramOutput(step, revision, from_stderr, line);
                          }
                        });
    }
    return backend_.ExecuteScript(SectionSql(revision, step.direction),
                                  SectionSource(revision, step.direction));
  }

  // The step could not begin (no transaction, no `started` row): none of its SQL ran.
  Status FailedToStart(const Step& step, const Revision& revision, SteadyClock::time_point start,
                       const Status& error) {
    Notify(step, revision, backends::StepStatus::kFailed, start, error);
    return StepError(step, revision, error, false);
  }

  // Commits the step and, when that worked, tells the observer it was applied. A COMMIT
  // whose reply was lost is settled from the version table (ResolveUnknownCommit) and sets
  // `*settled`: what it returns is then the step's last word, success or not.
  Status CommitStep(backends::Transaction& transaction, const Step& step, const Revision& revision,
                    SteadyClock::time_point start, bool* settled) {
    Status status = transaction.Commit();
    if (status.code() == StatusCode::kCommitUnknown) {
      *settled = true;
      return ResolveUnknownCommit(step, revision, status, start);
    }
    if (status.ok()) Notify(step, revision, backends::StepStatus::kApplied, start, status);
    return status;
  }

  Status RunTransactionalStep(const Step& step, const Revision& revision) {
    SteadyClock::time_point start = Starting(step, revision);
    backends::HistoryRow row = NewRow(step, revision, backends::StepStatus::kApplied, Now());
    Result<std::unique_ptr<backends::Transaction>> transaction = backend_.Begin();
    if (!transaction.ok()) return FailedToStart(step, revision, start, transaction.status());
    Status status = RunSection(step, revision);
    if (status.ok()) {
      Finish(&row, start, backends::StepStatus::kApplied, Status::Ok());
      status = Bookkeep(step, revision, &row, 0);
    }
    if (status.ok() && interrupted()) status = Status::Interrupted("interrupted");
    if (status.ok()) {
      bool settled = false;
      status = CommitStep(**transaction, step, revision, start, &settled);
      if (status.ok() || settled) return status;
    }
    transaction->reset();  // rolls back
    backends::StepStatus outcome = FailedOutcome(status);
    Finish(&row, start, outcome, status);
    RecordFailure(row);
    Notify(step, revision, outcome, start, status);
    return StepError(step, revision, status, false);
  }

  Status RunNonTransactionalStep(const Step& step, const Revision& revision) {
    SteadyClock::time_point start = Starting(step, revision);
    backends::HistoryRow row = NewRow(step, revision, backends::StepStatus::kStarted, Now());
    // Committed before the SQL runs: if rev dies mid-step, this row says so.
    Result<int64_t> started_id = backend_.AppendHistory(row);
    if (!started_id.ok()) return FailedToStart(step, revision, start, started_id.status());
    Status status = RunSection(step, revision);
    if (status.ok()) {
      Finish(&row, start, backends::StepStatus::kApplied, Status::Ok());
      Result<std::unique_ptr<backends::Transaction>> transaction = backend_.Begin();
      status =
          transaction.ok() ? Bookkeep(step, revision, &row, *started_id) : transaction.status();
      if (status.ok()) {
        bool settled = false;
        status = CommitStep(**transaction, step, revision, start, &settled);
        if (status.ok() || settled) return status;
      }
      if (status.code() != StatusCode::kLockLost) {
        status = Status::Database("its SQL ran, but recording it failed: " + status.message());
      }
    }
    Finish(&row, start, backends::StepStatus::kFailed, status);
    Status ignored = backend_.FinishHistory(*started_id, row);
    (void)ignored;
    Notify(step, revision, backends::StepStatus::kFailed, start, status);
    return StepError(step, revision, status, true);
  }

  // Commit's outcome is unknown (the connection dropped during COMMIT): the version table
  // says whether the step happened. It is never run again; the run stops here, since the
  // session that held the lock may be gone.
  Status ResolveUnknownCommit(const Step& step, const Revision& revision, const Status& commit,
                              SteadyClock::time_point start) {
    Result<RevisionIds> heads = backend_.ReadHeads();
    std::string lost = "the connection was lost while committing the " + Describe(step) + " (" +
                       commit.message() + ")";
    if (!heads.ok()) {
      Notify(step, revision, backends::StepStatus::kFailed, start, commit);
      return Status::Database(
                 lost + "; reading the version table back failed too: " + heads.status().message())
          .At({revision.path(), 0, 0})
          .WithHint("run `rev status` to see whether it was applied before running anything");
    }
    if (*heads == step.to_heads) {
      Applied(step);
      Notify(step, revision, backends::StepStatus::kApplied, start, Status::Ok());
      return Status::Database(lost + "; the version table shows it was applied")
          .At({revision.path(), 0, 0})
          .WithHint("run the command again to continue");
    }
    backends::HistoryRow row = NewRow(step, revision, backends::StepStatus::kFailed, Now());
    Finish(&row, start, backends::StepStatus::kFailed, commit);
    if (*heads == step.from_heads) RecordFailure(row);
    Notify(step, revision, backends::StepStatus::kFailed, start, commit);
    return Status::Database(lost + "; the version table shows it was not applied (heads: [" +
                            backends::JoinHeads(*heads) + "])")
        .At({revision.path(), 0, 0})
        .WithHint("run the command again");
  }

  Status RunSingleTransaction();

  backends::Backend& backend_;
  const RevisionGraph& graph_;
  const Plan& plan_;
  const MigrationOptions& options_;
  MigrationObserver* observer_;
  MigrationReport* report_;
};

// --single-transaction: every step, with its bookkeeping, in one transaction; a failure
// anywhere rolls the whole plan back and leaves one `failed` (or `rolled_back`) row.
Status Runner::RunSingleTransaction() {
  SteadyClock::time_point run_start = SteadyClock::now();
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Transaction> transaction, backend_.Begin());
  const std::string all = "; --single-transaction rolled the whole plan back, nothing changed";
  for (const Step& step : plan_.steps) {
    const Revision& revision = graph_.Get(step.revision);
    SteadyClock::time_point start = Starting(step, revision);
    backends::HistoryRow row = NewRow(step, revision, backends::StepStatus::kApplied, Now());
    Status status = interrupted() ? Status::Interrupted("interrupted") : RunSection(step, revision);
    if (status.ok()) {
      Finish(&row, start, backends::StepStatus::kApplied, Status::Ok());
      status = Bookkeep(step, revision, &row, 0);
    }
    if (!status.ok()) {
      transaction.reset();
      backends::StepStatus outcome = FailedOutcome(status);
      Finish(&row, start, outcome, status);
      RecordFailure(row);
      Notify(step, revision, outcome, start, status);
      Status error = StepError(step, revision, status, false);
      return Status(error).WithHint(error.hint() + all);
    }
    Notify(step, revision, backends::StepStatus::kApplied, start, Status::Ok());
  }
  const Step& last = plan_.steps.back();
  const Revision& last_revision = graph_.Get(last.revision);
  if (interrupted()) {
    transaction.reset();
    backends::HistoryRow row =
        NewRow(last, last_revision, backends::StepStatus::kRolledBack, Now());
    Finish(&row, run_start, backends::StepStatus::kRolledBack, Status::Interrupted("interrupted"));
    RecordFailure(row);
    return Status::Interrupted("interrupted before the plan committed" + all);
  }
  Status commit = transaction->Commit();
  if (commit.code() == StatusCode::kCommitUnknown) {
    Status resolved = ResolveUnknownCommit(last, last_revision, commit, run_start);
    if (report_->steps_applied > 0) {  // the version table holds the plan's end heads
      report_->steps_applied = plan_.steps.size();
      report_->heads = plan_.end_heads;
    }
    return resolved;
  }
  if (!commit.ok()) return Status(commit).WithHint("nothing changed");
  report_->steps_applied = plan_.steps.size();
  report_->heads = plan_.end_heads;
  return Status::Ok();
}

}  // namespace

Status RunPlan(backends::Backend& backend, const RevisionGraph& graph, const Plan& plan,
               const MigrationOptions& options, MigrationObserver* observer,
               MigrationReport* report) {
  MigrationReport ignored;
  Runner runner(backend, graph, plan, options, observer, report != nullptr ? report : &ignored);
  return runner.Run();
}

}  // namespace rev::engine::operations
