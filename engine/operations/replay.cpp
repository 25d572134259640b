// The second half of a ReplayJob (replay.h): the restore and the replay. The first half,
// the checks and the plan, is in replay_prepare.cpp.
#include "engine/operations/replay.h"

#include "engine/backends/postgres_backup.h"
#include "engine/backends/sqlite_backup.h"
#include "engine/operations/database_state.h"
#include "engine/operations/journal.h"
#include "engine/operations/journal_observer.h"
#include "engine/operations/squashed_heads.h"
#include "revisions/join.h"

namespace rev::engine::operations {
namespace {

using SteadyClock = std::chrono::steady_clock;

}  // namespace

ReplayJob::ReplayJob(Key /*key*/, backends::Backend& backend, const backends::DatabaseUrl& url,
                     const RevisionGraph& graph, ReplayRequest request)
    : backend_(backend), url_(url), graph_(graph), request_(std::move(request)) {}

ReplayJob::~ReplayJob() {
  if (lock_held_) (void)backend_.ReleaseMigrationLock();
}

Status ReplayJob::TakeLock() {
  REV_RETURN_IF_ERROR(backend_.AcquireMigrationLock(request_.lock_timeout));
  lock_held_ = true;
  return Status::Ok();
}

void ReplayJob::Journal(const std::string& command, const RevisionIds& heads,
                        ReplayReport* report) const {
  if (request_.journal.empty()) return;
  JournalEntry entry = NewJournalEntry(url_, command);
  entry.heads = heads;
  entry.target = preview_.plan.end_heads;
  Status appended = AppendJournal(request_.journal, entry);
  if (!appended.ok()) report->journal_problem = appended.message();
}

Status ReplayJob::Restore(ReplayObserver* observer, ReplayReport* report) {
  if (observer != nullptr) observer->RestoreStarting(preview_);
  SteadyClock::time_point start = SteadyClock::now();
  const std::atomic<bool>* interrupted = request_.migration.interrupted;
  Status restored = url_.kind() == backends::DatabaseKind::kSqlite
                        ? backends::SqliteRestoreFromFile(preview_.backup_file, url_.sqlite_path(),
                                                          {request_.lock_timeout, interrupted})
                        : backends::PgRestoreFromFile(url_, preview_.backup_file, interrupted);
  if (restored.code() == StatusCode::kInterrupted) {
    return Status::Interrupted("interrupted during the restore; the database is as it was");
  }
  REV_RETURN_IF_ERROR(restored);
  report->restored = true;
  Result<bool> has_table = backend_.HasVersionTable();
  Result<RevisionIds> heads = !has_table.ok() ? Result<RevisionIds>(has_table.status())
                              : *has_table    ? backend_.ReadHeads()
                                              : Result<RevisionIds>(RevisionIds());
  if (!heads.ok()) {
    return Status::Database("the backup was restored, but its heads cannot be read: " +
                            heads.status().message())
        .WithHint("nothing was replayed; check the database, then `rev replay " +
                  preview_.backup_file.string() + "`");
  }
  report->heads = *heads;
  Journal("restore", *heads, report);
  if (observer != nullptr) {
    observer->RestoreFinished(
        *heads, std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start));
  }
  if (*heads != preview_.manifest.heads) {
    return Status::Conflict("the restored database is at " + revisions::HeadsText(*heads) +
                            ", but the backup's manifest says " +
                            revisions::HeadsText(preview_.manifest.heads))
        .WithHint("nothing was replayed; check the backup, then `rev replay " +
                  preview_.backup_file.string() + " --to ...`");
  }
  return Status::Ok();
}

Status ReplayJob::Run(ReplayObserver* observer, ReplayReport* report) {
  ReplayReport ignored;
  if (report == nullptr) report = &ignored;
  const Plan& plan = preview_.plan;
  report->steps_planned = plan.steps.size();
  report->heads = preview_.restored_heads;
  if (preview_.restore) REV_RETURN_IF_ERROR(Restore(observer, report));
  if (plan.empty()) {
    if (!preview_.restore) Journal("replay", report->heads, report);
    return Status::Ok();
  }
  const std::string how_to_go_on =
      "the restore is done and nothing was replayed; fix this, "
      "then `rev replay " +
      preview_.backup_file.string() + "`";
  REV_RETURN_IF_ERROR(backend_.EnsureTables());
  REV_RETURN_IF_ERROR(SettleSquashedHeads(backend_, graph_, request_.migration));
  REV_ASSIGN_OR_RETURN(DatabaseState state, ReadDatabaseState(backend_, graph_));
  Status ready = CheckReadyToChange(state, graph_, false);
  if (!ready.ok()) {
    return preview_.restore ? Status(ready).WithHint(ready.hint() + "; " + how_to_go_on) : ready;
  }
  MigrationReport migration;
  JournalEntry entry = NewJournalEntry(url_, "replay");
  entry.target = plan.end_heads;
  JournalingObserver journaling(request_.journal, entry, !request_.migration.single_transaction,
                                observer);
  Status status = RunPlan(backend_, graph_, plan, request_.migration, &journaling, &migration);
  report->steps_applied = migration.steps_applied;
  report->heads = migration.heads;
  if (!journaling.problem().empty()) report->journal_problem = journaling.problem();
  // The end, once more: after a failure or a single transaction, the steps' lines are not
  // the last word.
  Journal("replay", migration.heads, report);
  return status;
}

}  // namespace rev::engine::operations
