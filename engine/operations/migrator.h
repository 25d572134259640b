// The migrator: runs a Plan on a Backend, step by step, and records every step.
//
// A transactional step is one transaction holding the revision's SQL, the version-table
// compare-and-swap, the applied-checksum row and the history row: it happens entirely or
// not at all. A `transactional: false` step first commits a `started` history row, runs
// the SQL in autocommit, then records the outcome with the version change in one
// transaction; if the process dies in between, the `started` row says so (a step that runs
// a program, program_step.h, is always run so) (the database is
// dirty until `rev repair` or `rev stamp`). A failing step rolls back, a `failed` row is
// written in its own transaction, and the steps before it stay applied. Never prints:
// progress goes to a MigrationObserver.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "engine/backends/backend.h"
#include "engine/operations/program_step.h"
#include "engine/plan.h"

namespace rev::engine::operations {

class MigrationObserver {
 public:
  virtual ~MigrationObserver() = default;
  virtual void StepStarting(const Step& step, const Revision& revision) = 0;
  // `error` is ok for an applied step.
  virtual void StepFinished(const Step& step, const Revision& revision, backends::StepStatus status,
                            std::chrono::milliseconds duration, const Status& error) = 0;
  // A line a step's program wrote (program_step.h), as it comes; the password redacted.
  virtual void ProgramOutput(const Step& /*step*/, const Revision& /*revision*/,
                             bool /*from_stderr*/, const std::string& /*line*/) {}
};

struct MigrationOptions {
  bool single_transaction = false;  // the whole plan in one transaction (SPEC --single-transaction)
  std::string rev_version;          // recorded in each history row
  std::string run_by;               // user@host, recorded in each history row
  // Set by the signal watcher on SIGINT/SIGTERM (which also calls Backend::Interrupt).
  const std::atomic<bool>* interrupted = nullptr;
  // Where a step that runs a program runs it, and the database it is given.
  ProgramSettings programs;
};

struct MigrationReport {
  size_t steps_applied = 0;
  RevisionIds heads;  // the version table after the run, sorted
};

// Runs `plan`. REQUIRES: the migration lock is held, EnsureTables succeeded, and
// CheckReadyToChange passed on heads equal to plan.start_heads (re-read here: a mismatch
// is kConflict before any step). An empty plan reads and writes nothing.
// On failure, `report` still tells how many steps were applied. Fails with kDatabase (a
// step's SQL failed; located at its file and line), kConflict (the version table changed
// underneath), kInterrupted (Ctrl-C: the running step was rolled back and recorded
// `rolled_back`; a non-transactional one cannot be, and is recorded `failed`, leaving the
// database dirty), kInvalidInput (--single-transaction with a non-transactional step, or a
// downgrade through a revision without downgrade section whose upgrade section does
// something: refused before any step). When Transaction::Commit cannot tell whether it
// committed (kCommitUnknown), the version table is read back to decide; the step is never run
// again, and the run stops with kDatabase saying whether it was applied.
// With --single-transaction the observer hears each step finish as `applied` once its SQL
// ran; they all commit at the end, or none does.
Status RunPlan(backends::Backend& backend, const RevisionGraph& graph, const Plan& plan,
               const MigrationOptions& options, MigrationObserver* observer,
               MigrationReport* report);

// The version table's rows as a stamp finds them: as ReadHeads (none when there is no
// table), except that with `purge` a table holding rows that are not revision ids (edited by
// hand) reads as nullopt instead of failing: --purge replaces those rows unread.
Result<std::optional<RevisionIds>> ReadHeadsToStamp(backends::Backend& backend, bool purge);

// Sets the version table to `heads` without running anything (rev stamp), recording a
// `stamped` history row (which also settles a dirty step) and the applied checksums of what
// is now applied (ancestors of `heads`, dependencies included), forgetting those no longer
// applied. Creates rev's tables when missing. Fails with kRefused when the version table
// holds rows the graph does not know, unless `purge` (which replaces them); with
// kInvalidInput when one of `heads` is an ancestor of another. The row recorded goes to
// `*recorded` when given. REQUIRES: the lock.
Status Stamp(backends::Backend& backend, const RevisionGraph& graph, const RevisionIds& heads,
             bool purge, const MigrationOptions& options, backends::HistoryRow* recorded = nullptr);

// Re-signs the checksums of applied revisions whose files changed (and forgets those whose
// files are gone), and clears a dirty or failed state, recording a `repaired` history row.
// Writes nothing when there is nothing to repair (`*recorded` is then left as it is; else it
// gets the row, when given). REQUIRES: the lock.
Status Repair(backends::Backend& backend, const RevisionGraph& graph,
              const MigrationOptions& options, backends::HistoryRow* recorded = nullptr);

}  // namespace rev::engine::operations
