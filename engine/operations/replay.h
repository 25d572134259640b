// Restore and replay (SPEC §5): `rev restore FILE` puts a backup back and replays what the
// database had applied before the restore; `rev replay FILE` serves a database restored
// from FILE by other means (a hosting dashboard, pg_restore by hand) and replays from there.
//
// A ReplayJob is made in two halves, so a person can see the plan before anything changes:
// Prepare checks everything that can be checked and plans (nothing changes), then Run
// restores and replays. The migration lock is taken in Prepare (before the database's
// heads are read) and held until the job is destroyed, through the restore and the replay.
//
// The replay's target heads, in order of precedence:
//   --to REV|head|heads   as given (an upgrade from the restored heads; a target the backup
//                         already has replays nothing); --to none replays nothing;
//   the target of a replay that stopped part way (Ctrl-C, a failed step) at the heads the
//   database has now, as the journal tells: a second restore or replay finishes the job;
//   the database's heads read before the restore (restore only);
//   the journal's last heads for the database, when it could not be read (or for replay);
//   `head`, when the journal has none (the person confirms the plan).
// A database that had nothing applied before the restore (new, or at base) gets the backup as
// it is: there is nothing to return to. A target below the restored heads (the backup is newer
// than the database was) would be a downgrade, which a replay never does: refused, --to decides.
// Never prints: progress goes to a ReplayObserver.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/operations/backup.h"
#include "engine/operations/journal.h"
#include "engine/operations/migrator.h"
#include "engine/target.h"

namespace rev::engine::operations {

// --to: "pre-restore" (the default), "none", or a target the planner takes for an upgrade.
struct ReplayTarget {
  enum class Kind { kPreRestore, kNone, kTarget };
  Kind kind = Kind::kPreRestore;
  std::optional<Target> target;  // for kTarget
};

// Where the replay's target heads came from.
enum class TargetSource {
  kRequested,      // --to
  kPreRestore,     // the database's heads, read before the restore
  kJournal,        // the journal's last heads for the database
  kHeadFallback,   // `head`: no heads could be read or remembered
  kNothingBefore,  // the database had nothing applied before the restore
};

struct ReplayRequest {
  std::filesystem::path backup;  // the backup file (`rev replay` also takes its manifest)
  ReplayTarget to;
  std::filesystem::path journal;  // JournalPath(project root); empty: no journal
  std::chrono::milliseconds lock_timeout{60000};
  MigrationOptions migration;  // rev_version, run_by, and the interrupt flag
  // The backup as VerifyBackup found it, when the caller checked it already (the CLI does,
  // before it opens the database, so a refused backup creates no SQLite file); else
  // PrepareRestore checks it.
  std::optional<VerifiedBackup> verified;
};

// What Run will do, for a person to confirm.
struct ReplayPreview {
  bool restore = true;  // false for `rev replay`
  std::filesystem::path backup_file;
  BackupManifest manifest;
  // Restore: the database's heads before it, or nullopt with the reason it could not be read.
  std::optional<RevisionIds> heads_before;
  std::string unreadable_reason;
  // Restore: false when the database had no version table (heads_before is then empty).
  bool had_version_table = true;
  RevisionIds restored_heads;  // where the replay starts
  TargetSource source = TargetSource::kPreRestore;
  // The journal shows a replay that stopped part way at the heads the database has now:
  // this one goes on to that replay's target.
  bool resumes = false;
  std::vector<std::string> notes;  // what a person should know: the journal's state, ...
  Plan plan;                       // plan.end_heads are the target heads
};

class ReplayObserver : public MigrationObserver {
 public:
  virtual void RestoreStarting(const ReplayPreview& preview) = 0;
  virtual void RestoreFinished(const RevisionIds& heads, std::chrono::milliseconds duration) = 0;
};

struct ReplayReport {
  bool restored = false;
  size_t steps_applied = 0;
  size_t steps_planned = 0;
  RevisionIds heads;            // the version table at the end, sorted
  std::string journal_problem;  // the journal could not be written (a warning)
};

class ReplayJob {
 public:
  // `rev restore`. Checks, before anything changes: the backup (VerifyBackup), that the
  // restore can run (pg_restore and psql found, the archive readable; a SQLite backup
  // opens and holds its manifest's heads), the migration lock (kLockTimeout), the target
  // and the plan (every step's revision file is there; no downgrade), and, for SQLite, that
  // the backup's state allows the replay (CheckReadyToChange: kRefused). Fails with those
  // codes; kRefused for a target the folder does not know or a downgrade; kNotFound,
  // kAmbiguous for a --to the planner refuses.
  // REQUIRES: `backend` (opened with create, at `url`) outlives the job.
  static Result<std::unique_ptr<ReplayJob>> PrepareRestore(backends::Backend& backend,
                                                           const backends::DatabaseUrl& url,
                                                           const backends::BackendOptions& options,
                                                           const RevisionGraph& graph,
                                                           const ReplayRequest& request);

  // `rev replay`. Checks the manifest (kInvalidInput) and that the database's heads equal
  // its heads (kRefused: it was not restored from this backup, or changed since); the
  // target as above, from the journal; the database's state (CheckReadyToChange).
  static Result<std::unique_ptr<ReplayJob>> PrepareReplay(backends::Backend& backend,
                                                          const backends::DatabaseUrl& url,
                                                          const backends::BackendOptions& options,
                                                          const RevisionGraph& graph,
                                                          const ReplayRequest& request);

  // Only Prepare* make jobs (the key is private).
  struct Key {
   private:
    friend class ReplayJob;
    Key() = default;
  };
  ReplayJob(Key key, backends::Backend& backend, const backends::DatabaseUrl& url,
            const RevisionGraph& graph, ReplayRequest request);
  ~ReplayJob();  // releases the migration lock
  ReplayJob(const ReplayJob&) = delete;
  ReplayJob& operator=(const ReplayJob&) = delete;

  const ReplayPreview& preview() const { return preview_; }

  // Restores (restore only), then runs the plan step by step (RunPlan), appending the heads
  // to the journal after the restore and after the replay. Fails with kDatabase or
  // kInterrupted during the restore (the database unchanged), kConflict when the restored
  // heads are not the manifest's, kRefused when the restored state does not allow the
  // replay (the restore stays), and as RunPlan (the steps before the failing one stay
  // applied; `report` says how many). Call at most once.
  Status Run(ReplayObserver* observer, ReplayReport* report);

 private:
  Status TakeLock();
  Status Restore(ReplayObserver* observer, ReplayReport* report);
  void Journal(const std::string& command, const RevisionIds& heads, ReplayReport* report) const;
  Result<Plan> PlanTarget(const RevisionIds& restored, const RevisionIds* heads_before);
  Result<Plan> PlanFromJournal(const RevisionIds& restored, const JournalLookup& journal);

  backends::Backend& backend_;
  backends::DatabaseUrl url_;
  const RevisionGraph& graph_;
  ReplayRequest request_;
  ReplayPreview preview_;
  bool lock_held_ = false;
};

}  // namespace rev::engine::operations
