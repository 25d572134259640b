// The SQLite backend's own rows: the version table, the applied checksums and the history.
// Every statement is prepared once (SqliteBackend::Cached) and every value is bound.
#include <algorithm>

#include "engine/backends/sql_identifiers.h"
#include "engine/backends/sqlite_backend.h"

namespace rev::engine::backends {
namespace {

constexpr const char* kHistoryColumns =
    "id, revision, direction, from_heads, to_heads, checksum, status, transactional, "
    "started_at, finished_at, duration_ms, error, rev_version, run_by";

Result<HistoryRow> HistoryRowFrom(const SqliteStatement& row) {
  HistoryRow history;
  history.id = row.Int(0);
  history.revision = row.Text(1);
  history.direction = row.Text(2);
  REV_ASSIGN_OR_RETURN(history.from_heads, SplitHeads(row.Text(3), history.id));
  REV_ASSIGN_OR_RETURN(history.to_heads, SplitHeads(row.Text(4), history.id));
  history.checksum = row.Text(5);
  std::optional<StepStatus> status = ParseStepStatus(row.Text(6));
  if (!status) {
    return Status::Database("history row " + std::to_string(history.id) +
                            " has an unknown status '" + row.Text(6) + "'");
  }
  history.status = *status;
  history.transactional = row.Int(7) != 0;
  history.started_at = row.Text(8);
  history.finished_at = row.Text(9);
  history.duration_ms = row.Int(10);
  history.error = row.Text(11);
  history.rev_version = row.Text(12);
  history.run_by = row.Text(13);
  return history;
}

SqlValue TextOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  return text;
}

Status Changed(const std::string& what) {
  return Status::Conflict("the version table changed underneath: " + what)
      .WithHint(
          "another process changed it since the plan was made; run `rev status` and "
          "run the command again");
}

}  // namespace

std::string SqliteBackend::SqlText(Sql which) const {
  const std::string version = QuoteIdentifier(options_.version_table);
  const std::string applied = QuoteIdentifier(options_.applied_table);
  const std::string history = QuoteIdentifier(options_.history_table);
  const std::string select_history = std::string("SELECT ") + kHistoryColumns + " FROM " + history;
  switch (which) {
    case Sql::kBegin:
      return "BEGIN IMMEDIATE";
    case Sql::kCommit:
      return "COMMIT";
    case Sql::kRollback:
      return "ROLLBACK";
    case Sql::kHasTable:
      return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1 COLLATE NOCASE";
    case Sql::kReadHeads:
      return "SELECT version_num FROM " + version;
    case Sql::kDeleteHead:
      return "DELETE FROM " + version + " WHERE version_num = ?1";
    case Sql::kUpdateHead:
      return "UPDATE " + version + " SET version_num = ?1 WHERE version_num = ?2";
    case Sql::kInsertHead:
      return "INSERT INTO " + version + " (version_num) VALUES (?1)";
    case Sql::kDeleteAllHeads:
      return "DELETE FROM " + version;
    case Sql::kReadApplied:
      return "SELECT revision, checksum, applied_at FROM " + applied;
    case Sql::kRecordApplied:
      return "INSERT INTO " + applied +
             " (revision, checksum, applied_at) VALUES (?1, ?2, ?3) ON CONFLICT (revision) DO "
             "UPDATE SET checksum = excluded.checksum, applied_at = excluded.applied_at";
    case Sql::kForgetApplied:
      return "DELETE FROM " + applied + " WHERE revision = ?1";
    case Sql::kAppendHistory:
      return "INSERT INTO " + history +
             " (revision, direction, from_heads, to_heads, checksum, status, transactional,"
             " started_at, finished_at, duration_ms, error, rev_version, run_by)"
             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
    case Sql::kFinishHistory:
      return "UPDATE " + history +
             " SET status = ?1, finished_at = ?2, duration_ms = ?3, error = ?4 WHERE id = ?5";
    case Sql::kReadHistory:
      return select_history + " ORDER BY id DESC LIMIT ?1";
    case Sql::kReadDirty:
      // The newest unsettled non-transactional step after the last stamp or repair.
      return select_history + " WHERE id > COALESCE((SELECT MAX(id) FROM " + history +
             " WHERE status IN (?1, ?2)), 0) AND (status = ?3 OR (status = ?4 AND transactional"
             " = 0)) ORDER BY id DESC LIMIT 1";
    case Sql::kCount:
      break;
  }
  return "";
}

Result<SqliteStatement*> SqliteBackend::Cached(Sql which) {
  std::optional<SqliteStatement>& slot = statements_[static_cast<size_t>(which)];
  if (!slot) {
    REV_ASSIGN_OR_RETURN(SqliteStatement statement,
                         SqliteStatement::Prepare(db_.get(), SqlText(which)));
    slot.emplace(std::move(statement));
  }
  return &*slot;
}

// --- reading ---------------------------------------------------------------------------

Result<RevisionIds> SqliteBackend::ReadHeads() {
  RevisionIds heads;
  REV_ASSIGN_OR_RETURN(bool exists, HasTable(options_.version_table));
  if (!exists) return heads;
  REV_ASSIGN_OR_RETURN(SqliteStatement * read, Cached(Sql::kReadHeads));
  std::vector<std::string> rows;
  REV_RETURN_IF_ERROR(
      read->Run({}, [&](const SqliteStatement& row) { rows.push_back(row.Text(0)); }));
  for (const std::string& row : rows) {
    REV_ASSIGN_OR_RETURN(RevisionId head, ParseVersionRow(row, options_.version_table));
    heads.push_back(std::move(head));
  }
  std::sort(heads.begin(), heads.end());
  return heads;
}

Result<std::vector<AppliedRevision>> SqliteBackend::ReadApplied() {
  std::vector<AppliedRevision> applied;
  REV_ASSIGN_OR_RETURN(bool exists, HasTable(options_.applied_table));
  if (!exists) return applied;
  REV_ASSIGN_OR_RETURN(SqliteStatement * read, Cached(Sql::kReadApplied));
  REV_RETURN_IF_ERROR(read->Run({}, [&](const SqliteStatement& row) {
    applied.push_back({row.Text(0), row.Text(1), row.Text(2)});
  }));
  std::sort(applied.begin(), applied.end(), [](const AppliedRevision& a, const AppliedRevision& b) {
    return a.revision < b.revision;
  });
  return applied;
}

Result<std::vector<HistoryRow>> SqliteBackend::ReadHistory(size_t limit) {
  std::vector<HistoryRow> rows;
  REV_ASSIGN_OR_RETURN(bool exists, HasTable(options_.history_table));
  if (!exists) return rows;
  REV_ASSIGN_OR_RETURN(SqliteStatement * read, Cached(Sql::kReadHistory));
  Status decoded;
  int64_t sql_limit = limit == 0 ? -1 : static_cast<int64_t>(limit);
  REV_RETURN_IF_ERROR(read->Run({sql_limit}, [&](const SqliteStatement& row) {
    Result<HistoryRow> history = HistoryRowFrom(row);
    if (history.ok()) {
      rows.push_back(std::move(history).value());
    } else if (decoded.ok()) {
      decoded = history.status();
    }
  }));
  REV_RETURN_IF_ERROR(decoded);
  return rows;
}

Result<std::optional<HistoryRow>> SqliteBackend::ReadOneHistoryRow(
    Sql which, const std::vector<SqlValue>& params) {
  std::optional<HistoryRow> found;
  REV_ASSIGN_OR_RETURN(bool exists, HasTable(options_.history_table));
  if (!exists) return found;
  REV_ASSIGN_OR_RETURN(SqliteStatement * read, Cached(which));
  Status decoded;
  REV_RETURN_IF_ERROR(read->Run(params, [&](const SqliteStatement& row) {
    Result<HistoryRow> history = HistoryRowFrom(row);
    if (history.ok()) {
      found = std::move(history).value();
    } else {
      decoded = history.status();
    }
  }));
  REV_RETURN_IF_ERROR(decoded);
  return found;
}

Result<std::optional<HistoryRow>> SqliteBackend::ReadDirtyStep() {
  return ReadOneHistoryRow(Sql::kReadDirty, {std::string(StepStatusName(StepStatus::kStamped)),
                                             std::string(StepStatusName(StepStatus::kRepaired)),
                                             std::string(StepStatusName(StepStatus::kStarted)),
                                             std::string(StepStatusName(StepStatus::kFailed))});
}

Result<std::optional<HistoryRow>> SqliteBackend::ReadLastFailure() {
  REV_ASSIGN_OR_RETURN(std::optional<HistoryRow> newest,
                       ReadOneHistoryRow(Sql::kReadHistory, {int64_t{1}}));
  if (newest &&
      (newest->status == StepStatus::kFailed || newest->status == StepStatus::kRolledBack)) {
    return newest;
  }
  return std::optional<HistoryRow>();
}

// --- changing --------------------------------------------------------------------------

Status SqliteBackend::ApplyVersionEdit(const VersionEdit& edit) {
  REV_RETURN_IF_ERROR(RequireWritable());
  for (const RevisionId& head : edit.deletes) {
    REV_ASSIGN_OR_RETURN(SqliteStatement * remove, Cached(Sql::kDeleteHead));
    REV_RETURN_IF_ERROR(remove->Run({head.str()}));
    if (remove->changes() != 1) return Changed("it has no row '" + head.str() + "' to remove");
  }
  if (edit.update_from && edit.update_to) {
    REV_ASSIGN_OR_RETURN(SqliteStatement * update, Cached(Sql::kUpdateHead));
    Status status = update->Run({edit.update_to->str(), edit.update_from->str()}, {}, true);
    if (status.code() == StatusCode::kConflict) {
      return Changed("it already has a row '" + edit.update_to->str() + "'");
    }
    REV_RETURN_IF_ERROR(status);
    if (update->changes() != 1) {
      return Changed("it has no row '" + edit.update_from->str() + "' to replace");
    }
  }
  for (const RevisionId& head : edit.inserts) {
    REV_ASSIGN_OR_RETURN(SqliteStatement * insert, Cached(Sql::kInsertHead));
    Status status = insert->Run({head.str()}, {}, true);
    if (status.code() == StatusCode::kConflict) {
      return Changed("it already has a row '" + head.str() + "'");
    }
    REV_RETURN_IF_ERROR(status);
  }
  return Status::Ok();
}

Status SqliteBackend::ReplaceHeads(const RevisionIds& heads) {
  REV_RETURN_IF_ERROR(RequireWritable());
  REV_ASSIGN_OR_RETURN(SqliteStatement * clear, Cached(Sql::kDeleteAllHeads));
  REV_RETURN_IF_ERROR(clear->Run({}));
  for (const RevisionId& head : heads) {
    REV_ASSIGN_OR_RETURN(SqliteStatement * insert, Cached(Sql::kInsertHead));
    REV_RETURN_IF_ERROR(insert->Run({head.str()}));
  }
  return Status::Ok();
}

Status SqliteBackend::RecordApplied(const AppliedRevision& applied) {
  REV_RETURN_IF_ERROR(RequireWritable());
  REV_ASSIGN_OR_RETURN(SqliteStatement * record, Cached(Sql::kRecordApplied));
  return record->Run({applied.revision, applied.checksum, applied.applied_at});
}

Status SqliteBackend::ForgetApplied(const std::string& revision) {
  REV_RETURN_IF_ERROR(RequireWritable());
  REV_ASSIGN_OR_RETURN(SqliteStatement * forget, Cached(Sql::kForgetApplied));
  return forget->Run({revision});
}

Result<int64_t> SqliteBackend::AppendHistory(const HistoryRow& row) {
  REV_RETURN_IF_ERROR(RequireWritable());
  REV_ASSIGN_OR_RETURN(SqliteStatement * append, Cached(Sql::kAppendHistory));
  REV_RETURN_IF_ERROR(
      append->Run({row.revision, row.direction, JoinHeads(row.from_heads), JoinHeads(row.to_heads),
                   row.checksum, std::string(StepStatusName(row.status)),
                   int64_t{row.transactional ? 1 : 0}, row.started_at, TextOrNull(row.finished_at),
                   row.duration_ms, TextOrNull(row.error), row.rev_version, row.run_by}));
  return append->last_insert_rowid();
}

Status SqliteBackend::FinishHistory(int64_t id, const HistoryRow& outcome) {
  REV_RETURN_IF_ERROR(RequireWritable());
  REV_ASSIGN_OR_RETURN(SqliteStatement * finish, Cached(Sql::kFinishHistory));
  REV_RETURN_IF_ERROR(
      finish->Run({std::string(StepStatusName(outcome.status)), TextOrNull(outcome.finished_at),
                   outcome.duration_ms, TextOrNull(outcome.error), id}));
  if (finish->changes() != 1) {
    return Status::Database("history row " + std::to_string(id) + " is missing");
  }
  return Status::Ok();
}

}  // namespace rev::engine::backends
