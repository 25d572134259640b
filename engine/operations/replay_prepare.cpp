// The first half of a ReplayJob (replay.h): every check that can come before a change, the
// replay's target and its plan.
#include <algorithm>

#include "engine/backends/postgres_backup.h"
#include "engine/operations/database_state.h"
#include "engine/operations/journal.h"
#include "engine/operations/replay.h"
#include "engine/operations/squashed_heads.h"
#include "engine/plan_to_heads.h"
#include "engine/planner.h"
#include "revisions/join.h"

namespace rev::engine::operations {
namespace {

namespace fs = std::filesystem;

Plan EmptyPlan(const RevisionIds& heads) {
  Plan plan;
  plan.start_heads = heads;
  plan.end_heads = plan.start_heads;
  return plan;
}

// The plan to heads remembered (read before the restore, or from the journal); a
// downgrade or a revision the folder lacks is refused.
Result<Plan> PlanToRemembered(const RevisionGraph& graph, const RevisionIds& restored,
                              const RevisionIds& target, const std::string& whose) {
  Result<Plan> plan = PlanUpgradeToHeads(graph, restored, target);
  if (plan.ok()) return plan;
  const Status& status = plan.status();
  if (status.code() == StatusCode::kNotFound) {
    return Status::Refused(status.message()).WithHint(status.hint());
  }
  if (status.code() == StatusCode::kInvalidInput) {
    return Status::Refused("the backup is newer than " + whose + ": " + status.message() +
                           "; a replay never downgrades, and nothing was changed")
        .WithHint(
            "--to none keeps the backup as it is; --to REV replays up to REV; "
            "`rev downgrade` goes lower afterwards");
  }
  return status;
}

Status CheckKnown(const RevisionGraph& graph, const RevisionIds& heads) {
  for (const RevisionId& head : heads) {
    if (!graph.Contains(head)) {
      return Status::Refused("the backup is at " + head.str() +
                             ", which this revision folder does not know: the backup is newer "
                             "than this checkout; nothing was changed")
          .WithHint("update the checkout to include it, or restore with --to none");
    }
  }
  return Status::Ok();
}

// The heads and state a SQLite backup holds, read from the file itself.
Result<DatabaseState> ReadSqliteBackup(const fs::path& file,
                                       const backends::BackendOptions& options,
                                       const BackupManifest& manifest) {
  Result<std::unique_ptr<backends::Backend>> backend =
      backends::OpenBackend(backends::DatabaseUrl::ForSqliteFile(file), options, false);
  Result<DatabaseState> state =
      backend.ok() ? ReadDatabaseState(**backend) : Result<DatabaseState>(backend.status());
  if (!state.ok()) {
    return Status::InvalidInput("cannot read the backup " + file.string() + ": " +
                                state.status().message());
  }
  if (state->heads != manifest.heads) {
    return Status::InvalidInput("the backup " + file.string() + " holds the heads " +
                                revisions::HeadsText(state->heads) + ", its manifest says " +
                                revisions::HeadsText(manifest.heads))
        .WithHint("the manifest belongs to another backup; use the one made with it");
  }
  return state;
}

// The heads in the version table; none when there is no such table, and then
// `*has_table` is false.
Result<RevisionIds> ReadHeads(backends::Backend& backend, bool* has_table) {
  REV_ASSIGN_OR_RETURN(*has_table, backend.HasVersionTable());
  if (!*has_table) return RevisionIds();
  return backend.ReadHeads();
}

}  // namespace

Result<Plan> ReplayJob::PlanTarget(const RevisionIds& restored_rows,
                                   const RevisionIds* heads_before) {
  // A backup from before a squash holds the id it reached: Run settles the row first.
  const RevisionIds restored = ReadAsSquashed(restored_rows, graph_);
  ReplayPreview& preview = preview_;
  const ReplayTarget& to = request_.to;
  if (to.kind == ReplayTarget::Kind::kNone) {
    preview.source = TargetSource::kRequested;
    return EmptyPlan(restored);
  }
  REV_RETURN_IF_ERROR(CheckKnown(graph_, restored));
  if (to.kind == ReplayTarget::Kind::kTarget) {
    preview.source = TargetSource::kRequested;
    return PlanUpgrade(graph_, restored, *to.target);
  }
  JournalLookup journal;
  if (request_.journal.empty()) {
    journal.problem = "there is no journal";
  } else {
    journal = FindLastEntry(request_.journal, JournalKey(url_));
  }
  // A replay that stopped part way, at the heads the database has now, goes on.
  const RevisionIds& now = heads_before != nullptr ? *heads_before : restored;
  if (journal.last && journal.last->unfinished() && journal.last->heads == now &&
      (heads_before != nullptr || !preview.restore)) {
    preview.source = TargetSource::kJournal;
    preview.resumes = true;
    preview.notes.push_back("the last replay (" + journal.last->time + ") stopped at " +
                            revisions::HeadsText(now) + " on its way to " +
                            revisions::HeadsText(*journal.last->target) + ": replaying to " +
                            revisions::HeadsText(*journal.last->target));
    return PlanToRemembered(graph_, restored, *journal.last->target,
                            "where the last replay was heading");
  }
  if (heads_before != nullptr) {
    if (heads_before->empty()) {
      // No version table at all: a database lost or emptied (or a new one). When the journal
      // remembers it at some heads, it was lost, and those heads are what it had.
      if (!preview.had_version_table && journal.last && !journal.last->heads.empty()) {
        preview.notes.push_back(
            "the database has no version table before the restore (lost or emptied?)");
        return PlanFromJournal(restored, journal);
      }
      preview.source = TargetSource::kNothingBefore;
      return EmptyPlan(restored);
    }
    preview.source = TargetSource::kPreRestore;
    return PlanToRemembered(graph_, restored, *heads_before, "the database was before the restore");
  }
  return PlanFromJournal(restored, journal);
}

// The database's heads before the restore are unknown (it could not be read, or was
// restored by other means): the journal's, else head.
Result<Plan> ReplayJob::PlanFromJournal(const RevisionIds& restored, const JournalLookup& journal) {
  ReplayPreview& preview = preview_;
  if (!journal.problem.empty()) preview.notes.push_back(journal.problem);
  if (journal.last) {
    preview.notes.push_back("the journal's last entry for " + journal.last->database + ": " +
                            journal.last->command + " at " + journal.last->time + ", heads " +
                            revisions::HeadsText(journal.last->heads));
    if (journal.last->heads.empty()) {
      preview.source = TargetSource::kNothingBefore;
      return EmptyPlan(restored);
    }
    preview.source = TargetSource::kJournal;
    return PlanToRemembered(graph_, restored, journal.last->heads, "the journal's last heads");
  }
  preview.source = TargetSource::kHeadFallback;
  preview.notes.push_back("no heads to return to (the journal has no entry for " +
                          JournalKey(url_) + "): replaying to head");
  return PlanUpgrade(graph_, restored, KeywordTarget{Keyword::kHead, {}});
}

Result<std::unique_ptr<ReplayJob>> ReplayJob::PrepareRestore(
    backends::Backend& backend, const backends::DatabaseUrl& url,
    const backends::BackendOptions& options, const RevisionGraph& graph,
    const ReplayRequest& request) {
  if (url.kind() == backends::DatabaseKind::kSqlite && url.in_memory()) {
    return Status::InvalidInput("a backup cannot be restored into an in-memory SQLite database");
  }
  const std::atomic<bool>* interrupted = request.migration.interrupted;
  std::optional<VerifiedBackup> verified = request.verified;
  if (!verified) {
    REV_ASSIGN_OR_RETURN(verified, VerifyBackup(request.backup, url.kind(), interrupted));
  }
  const VerifiedBackup& backup = *verified;
  std::optional<DatabaseState> backup_state;
  if (url.kind() == backends::DatabaseKind::kSqlite) {
    REV_ASSIGN_OR_RETURN(backup_state, ReadSqliteBackup(backup.file, options, backup.manifest));
  } else {
    process::Environment env = process::CurrentEnvironment();
    REV_ASSIGN_OR_RETURN(fs::path pg_restore, backends::FindPgProgram("pg_restore", env));
    REV_RETURN_IF_ERROR(backends::FindPgProgram("psql", env, pg_restore.parent_path()).status());
    REV_RETURN_IF_ERROR(backends::PgCheckArchive(backup.file, interrupted));
  }
  auto job = std::make_unique<ReplayJob>(Key(), backend, url, graph, request);
  REV_RETURN_IF_ERROR(job->TakeLock());
  ReplayPreview& preview = job->preview_;
  preview.restore = true;
  preview.backup_file = backup.file;
  preview.manifest = backup.manifest;
  preview.restored_heads = backup.manifest.heads;
  Result<RevisionIds> before = ReadHeads(backend, &preview.had_version_table);
  if (before.ok()) {
    preview.heads_before = *before;
  } else {
    preview.unreadable_reason = before.status().message();
    preview.notes.push_back("the database cannot be read before the restore: " +
                            preview.unreadable_reason);
  }
  REV_ASSIGN_OR_RETURN(preview.plan,
                       job->PlanTarget(preview.restored_heads,
                                       preview.heads_before ? &*preview.heads_before : nullptr));
  if (!preview.plan.empty() && backup_state) {
    REV_RETURN_IF_ERROR(CheckReadyToChange(*backup_state, graph, false));
  }
  return job;
}

Result<std::unique_ptr<ReplayJob>> ReplayJob::PrepareReplay(backends::Backend& backend,
                                                            const backends::DatabaseUrl& url,
                                                            const backends::BackendOptions& options,
                                                            const RevisionGraph& graph,
                                                            const ReplayRequest& request) {
  (void)options;
  fs::path file = request.backup;
  if (file.extension() == ".yaml") file.replace_extension();
  REV_ASSIGN_OR_RETURN(BackupManifest manifest, ReadManifest(file));
  if (manifest.kind != backends::DatabaseKindName(url.kind())) {
    return Status::InvalidInput("the backup " + file.string() + " is of a " + manifest.kind +
                                " database; this database is " +
                                backends::DatabaseKindName(url.kind()));
  }
  auto job = std::make_unique<ReplayJob>(Key(), backend, url, graph, request);
  REV_RETURN_IF_ERROR(job->TakeLock());
  Result<DatabaseState> state = ReadDatabaseState(backend);
  if (!state.ok()) {
    return Status::Database("cannot read the database's heads: " + state.status().message())
        .WithHint("a replay starts from the heads the restored database holds");
  }
  ReplayPreview& preview = job->preview_;
  preview.restore = false;
  preview.backup_file = file;
  preview.manifest = manifest;
  preview.restored_heads = state->heads;
  Result<Plan> plan = job->PlanTarget(state->heads, nullptr);
  // At the backup's heads, or at those where the last replay of it stopped.
  if (state->heads != manifest.heads && !preview.resumes) {
    return Status::Refused("the database is at " + revisions::HeadsText(state->heads) +
                           ", but the backup " + file.filename().string() + " is at " +
                           revisions::HeadsText(manifest.heads) +
                           ": it was not restored from this backup, or it changed since; "
                           "nothing was changed")
        .WithHint("restore it with `rev restore " + file.string() +
                  "`, or name the backup it was restored from");
  }
  if (!plan.ok()) return plan.status();
  preview.plan = std::move(plan).value();
  if (!preview.plan.empty()) REV_RETURN_IF_ERROR(CheckReadyToChange(*state, graph, false));
  return job;
}

}  // namespace rev::engine::operations
