#include "engine/backends/postgres_tables.h"

#include <algorithm>
#include <cstdlib>

#include "engine/backends/postgres_errors.h"
#include "engine/backends/sql_identifiers.h"

namespace rev::engine::backends {
namespace {

// A TIMESTAMPTZ column as FormatTimestamp writes it.
std::string IsoText(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

// A bound timestamp text (its placeholder, "$3"), or now() when it is empty.
std::string TimestampOrNow(const std::string& placeholder) {
  return "COALESCE(NULLIF(" + placeholder + "::text, '')::timestamptz, now())";
}

// A statement's text and its values, each value numbered ($1, $2, ...) as it is bound, so
// that pieces of SQL can be put together into one statement (PgRecordStep).
class BoundValues {
 public:
  std::string Bind(std::string value) {
    params_.emplace_back(std::move(value));
    return "$" + std::to_string(params_.size());
  }
  const PgParams& params() const { return params_; }

 private:
  PgParams params_;
};

// The statements that write one row, as text over `values`; the caller appends RETURNING.
std::string DeleteVersion(const PgTables& tables, const RevisionId& id, BoundValues* values) {
  return "DELETE FROM " + tables.version + " WHERE version_num = " + values->Bind(id.str());
}
std::string MoveVersion(const PgTables& tables, const RevisionId& from, const RevisionId& to,
                        BoundValues* values) {
  const std::string from_value = values->Bind(from.str());
  return "UPDATE " + tables.version + " SET version_num = " + values->Bind(to.str()) +
         " WHERE version_num = " + from_value;
}
std::string InsertVersion(const PgTables& tables, const std::string& id, BoundValues* values) {
  return "INSERT INTO " + tables.version + " (version_num) VALUES (" + values->Bind(id) + ")";
}
std::string UpsertApplied(const PgTables& tables, const AppliedRevision& applied,
                          BoundValues* values) {
  const std::string revision = values->Bind(applied.revision);
  const std::string checksum = values->Bind(applied.checksum);
  return "INSERT INTO " + tables.applied + " (revision, checksum, applied_at) VALUES (" + revision +
         ", " + checksum + ", " + TimestampOrNow(values->Bind(applied.applied_at)) +
         ") ON CONFLICT (revision) DO UPDATE SET checksum = EXCLUDED.checksum, "
         "applied_at = EXCLUDED.applied_at";
}
std::string DeleteApplied(const PgTables& tables, const std::string& revision,
                          BoundValues* values) {
  return "DELETE FROM " + tables.applied + " WHERE revision = " + values->Bind(revision);
}
std::string InsertHistory(const PgTables& tables, const HistoryRow& row, BoundValues* values) {
  std::string sql = "INSERT INTO " + tables.history +
                    " (revision, direction, from_heads, to_heads, checksum, status, "
                    "transactional, started_at, finished_at, duration_ms, error, rev_version, "
                    "run_by) VALUES (NULLIF(" +
                    values->Bind(row.revision) + ", ''), ";
  sql += values->Bind(row.direction) + ", ";
  sql += values->Bind(JoinHeads(row.from_heads)) + ", ";
  sql += values->Bind(JoinHeads(row.to_heads)) + ", ";
  sql += values->Bind(row.checksum) + ", ";
  sql += values->Bind(StepStatusName(row.status)) + ", ";
  sql += values->Bind(row.transactional ? "true" : "false") + "::boolean, ";
  sql += TimestampOrNow(values->Bind(row.started_at)) + ", ";
  sql += "NULLIF(" + values->Bind(row.finished_at) + "::text, '')::timestamptz, ";
  sql += values->Bind(std::to_string(row.duration_ms)) + "::bigint, ";
  sql += "NULLIF(" + values->Bind(row.error) + ", ''), ";
  sql += values->Bind(row.rev_version) + ", ";
  return sql + values->Bind(row.run_by) + ")";
}
std::string FinishHistory(const PgTables& tables, int64_t id, const HistoryRow& outcome,
                          BoundValues* values) {
  std::string sql = "UPDATE " + tables.history +
                    " SET status = " + values->Bind(StepStatusName(outcome.status)) +
                    ", finished_at = ";
  sql += TimestampOrNow(values->Bind(outcome.finished_at)) + ", duration_ms = ";
  sql += values->Bind(std::to_string(outcome.duration_ms)) + "::bigint, error = NULLIF(";
  sql += values->Bind(outcome.error) + ", '')";
  return sql + " WHERE id = " + values->Bind(std::to_string(id)) + "::bigint";
}

std::string Text(const std::optional<std::string>& field) { return field.value_or(""); }

// A bigint column's value; 0 for NULL (never thrown: the text comes from PostgreSQL).
int64_t Integer(const std::optional<std::string>& field) {
  return field ? std::strtoll(field->c_str(), nullptr, 10) : 0;
}

std::string HistoryColumns() {
  return "id, COALESCE(revision, ''), direction, from_heads, to_heads, checksum, status, "
         "transactional, " +
         IsoText("started_at") + ", COALESCE(" + IsoText("finished_at") +
         ", ''), duration_ms, COALESCE(error, ''), rev_version, run_by";
}

Result<HistoryRow> ParseHistoryRow(const PgRow& fields) {
  HistoryRow row;
  row.id = Integer(fields[0]);
  row.revision = Text(fields[1]);
  row.direction = Text(fields[2]);
  REV_ASSIGN_OR_RETURN(row.from_heads, SplitHeads(Text(fields[3]), row.id));
  REV_ASSIGN_OR_RETURN(row.to_heads, SplitHeads(Text(fields[4]), row.id));
  row.checksum = Text(fields[5]);
  std::optional<StepStatus> status = ParseStepStatus(Text(fields[6]));
  if (!status) {
    return Status::Database("the history table holds an unknown status '" + Text(fields[6]) +
                            "' in row " + Text(fields[0]));
  }
  row.status = *status;
  row.transactional = Text(fields[7]) == "t";
  row.started_at = Text(fields[8]);
  row.finished_at = Text(fields[9]);
  row.duration_ms = Integer(fields[10]);
  row.error = Text(fields[11]);
  row.rev_version = Text(fields[12]);
  row.run_by = Text(fields[13]);
  return row;
}

// History rows matching `where` (SQL over the history table's columns, may be empty), newest
// first, at most `limit` (0: all). Empty when the table does not exist.
Result<std::vector<HistoryRow>> SelectHistory(PgSession& session, const PgTables& tables,
                                              const std::string& where, size_t limit) {
  REV_ASSIGN_OR_RETURN(bool exists, PgTableExists(session, tables.history));
  if (!exists) return std::vector<HistoryRow>();
  std::string sql = "SELECT " + HistoryColumns() + " FROM " + tables.history;
  if (!where.empty()) sql += " WHERE " + where;
  sql += " ORDER BY id DESC";
  PgParams params;
  if (limit > 0) {
    sql += " LIMIT $1::bigint";
    params.emplace_back(std::to_string(limit));
  }
  REV_ASSIGN_OR_RETURN(PgResult result, session.Query(sql, params, "reading " + tables.history));
  std::vector<HistoryRow> rows;
  for (const PgRow& fields : result.rows) {
    REV_ASSIGN_OR_RETURN(HistoryRow row, ParseHistoryRow(fields));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::optional<HistoryRow>> NewestHistory(PgSession& session, const PgTables& tables,
                                                const std::string& where) {
  REV_ASSIGN_OR_RETURN(std::vector<HistoryRow> rows, SelectHistory(session, tables, where, 1));
  if (rows.empty()) return std::optional<HistoryRow>();
  return std::optional<HistoryRow>(std::move(rows.front()));
}

// The version table does not hold what a step's compare-and-swap expects.
Status VersionConflict(const std::string& what, const std::string& found) {
  return Status::Conflict(what + ": " + found +
                          "; the version table changed underneath (another run?)");
}
constexpr const char* kRowAlreadyThere = "the row is already there";
std::string ChangedRows(int64_t rows) {
  return "expected to change one row, changed " + std::to_string(rows);
}

// One statement of a version edit, which must change exactly one row.
struct VersionChange {
  std::string sql;
  std::string what;  // "moving a to b in rev_version", for a conflict's message
  BoundValues own;   // its values, unless they went to a shared BoundValues
};

// The version-table statements of `edit` in order: deletes, the update, inserts. Their
// values are bound in `shared`, or, when it is null, each in its change's own.
std::vector<VersionChange> VersionChanges(const PgTables& tables, const VersionEdit& edit,
                                          BoundValues* shared) {
  std::vector<VersionChange> changes;
  changes.reserve(edit.deletes.size() + 1 + edit.inserts.size());
  auto add = [&](const std::string& what) -> VersionChange& {
    VersionChange& change = changes.emplace_back();
    change.what = what + " " + tables.version;
    return change;
  };
  auto values = [&](VersionChange& change) { return shared ? shared : &change.own; };
  for (const RevisionId& id : edit.deletes) {
    VersionChange& change = add("removing " + id.str() + " from");
    change.sql = DeleteVersion(tables, id, values(change));
  }
  if (edit.update_from && edit.update_to) {
    VersionChange& change =
        add("moving " + edit.update_from->str() + " to " + edit.update_to->str() + " in");
    change.sql = MoveVersion(tables, *edit.update_from, *edit.update_to, values(change));
  }
  for (const RevisionId& id : edit.inserts) {
    VersionChange& change = add("adding " + id.str() + " to");
    change.sql = InsertVersion(tables, id.str(), values(change));
  }
  return changes;
}

// Runs `sql` and requires it to change exactly one row of the version table.
Status ChangeOneRow(PgSession& session, const std::string& sql, const BoundValues& values,
                    const std::string& what) {
  Result<PgResult> result = session.Query(sql, values.params(), what);
  if (!result.ok()) {
    if (session.last_sqlstate() == kUniqueViolation) return VersionConflict(what, kRowAlreadyThere);
    return result.status();
  }
  if (result->affected_rows != 1) return VersionConflict(what, ChangedRows(result->affected_rows));
  return Status::Ok();
}

}  // namespace

Result<RevisionIds> PgReadHeads(PgSession& session, const PgTables& tables) {
  REV_ASSIGN_OR_RETURN(bool exists, PgTableExists(session, tables.version));
  if (!exists) return RevisionIds();
  REV_ASSIGN_OR_RETURN(PgResult result, session.Query("SELECT version_num FROM " + tables.version,
                                                      {}, "reading " + tables.version));
  RevisionIds heads;
  for (const PgRow& row : result.rows) {
    REV_ASSIGN_OR_RETURN(RevisionId head, ParseVersionRow(Text(row.at(0)), tables.version));
    heads.push_back(std::move(head));
  }
  std::sort(heads.begin(), heads.end());
  return heads;
}

Result<std::vector<AppliedRevision>> PgReadApplied(PgSession& session, const PgTables& tables) {
  REV_ASSIGN_OR_RETURN(bool exists, PgTableExists(session, tables.applied));
  if (!exists) return std::vector<AppliedRevision>();
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query("SELECT revision, checksum, " + IsoText("applied_at") +
                                         " FROM " + tables.applied,
                                     {}, "reading " + tables.applied));
  std::vector<AppliedRevision> applied;
  for (const PgRow& row : result.rows) {
    applied.push_back({Text(row.at(0)), Text(row.at(1)), Text(row.at(2))});
  }
  std::sort(applied.begin(), applied.end(), [](const AppliedRevision& a, const AppliedRevision& b) {
    return a.revision < b.revision;
  });
  return applied;
}

Result<std::vector<HistoryRow>> PgReadHistory(PgSession& session, const PgTables& tables,
                                              size_t limit) {
  return SelectHistory(session, tables, "", limit);
}

Result<std::optional<HistoryRow>> PgReadDirtyStep(PgSession& session, const PgTables& tables) {
  return NewestHistory(session, tables,
                       "(status = 'started' OR (status = 'failed' AND NOT transactional)) AND "
                       "id > COALESCE((SELECT max(id) FROM " +
                           tables.history + " WHERE status IN ('stamped', 'repaired')), 0)");
}

Result<std::optional<HistoryRow>> PgReadLastFailure(PgSession& session, const PgTables& tables) {
  REV_ASSIGN_OR_RETURN(std::optional<HistoryRow> newest, NewestHistory(session, tables, ""));
  if (newest &&
      (newest->status == StepStatus::kFailed || newest->status == StepStatus::kRolledBack)) {
    return newest;
  }
  return std::optional<HistoryRow>();
}

Status PgApplyVersionEdit(PgSession& session, const PgTables& tables, const VersionEdit& edit) {
  for (const VersionChange& change : VersionChanges(tables, edit, nullptr)) {
    REV_RETURN_IF_ERROR(ChangeOneRow(session, change.sql, change.own, change.what));
  }
  return Status::Ok();
}

Status PgReplaceHeads(PgSession& session, const PgTables& tables, const RevisionIds& heads) {
  REV_RETURN_IF_ERROR(
      session.Query("DELETE FROM " + tables.version, {}, "emptying " + tables.version).status());
  for (const RevisionId& head : heads) {
    BoundValues values;
    const std::string sql = InsertVersion(tables, head.str(), &values);
    REV_RETURN_IF_ERROR(
        ChangeOneRow(session, sql, values, "adding " + head.str() + " to " + tables.version));
  }
  return Status::Ok();
}

Status PgRecordApplied(PgSession& session, const PgTables& tables, const AppliedRevision& applied) {
  BoundValues values;
  const std::string sql = UpsertApplied(tables, applied, &values);
  return session
      .Query(sql, values.params(), "recording " + applied.revision + " in " + tables.applied)
      .status();
}

Status PgForgetApplied(PgSession& session, const PgTables& tables, const std::string& revision) {
  BoundValues values;
  const std::string sql = DeleteApplied(tables, revision, &values);
  return session.Query(sql, values.params(), "removing " + revision + " from " + tables.applied)
      .status();
}

Result<int64_t> PgAppendHistory(PgSession& session, const PgTables& tables, const HistoryRow& row) {
  BoundValues values;
  const std::string sql = InsertHistory(tables, row, &values) + " RETURNING id";
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query(sql, values.params(), "appending to " + tables.history));
  return Integer(result.rows.at(0).at(0));
}

Status PgFinishHistory(PgSession& session, const PgTables& tables, int64_t id,
                       const HistoryRow& outcome) {
  BoundValues values;
  const std::string sql = FinishHistory(tables, id, outcome, &values);
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query(sql, values.params(), "recording the outcome in " + tables.history));
  if (result.affected_rows != 1) {
    return Status::Internal("history row " + std::to_string(id) + " of " + tables.history +
                            " is missing");
  }
  return Status::Ok();
}

// Data-modifying WITH items all run, each once, whatever the SELECT reads; each version
// change reports its row count, so the compare-and-swap is checked as PgApplyVersionEdit
// checks it. They see one snapshot, which is safe: a step's edit never touches a row twice.
// Any failure leaves the transaction to roll back, as the one-by-one calls would.
Result<int64_t> PgRecordStep(PgSession& session, const PgTables& tables, const VersionEdit& edit,
                             const std::optional<AppliedRevision>& applied, const HistoryRow& row) {
  BoundValues values;
  const std::vector<VersionChange> changes = VersionChanges(tables, edit, &values);
  std::string with;
  std::string counts;
  for (size_t i = 0; i < changes.size(); ++i) {
    const std::string name = "v" + std::to_string(i);
    with += name + " AS (" + changes[i].sql + " RETURNING 1), ";
    counts += ", (SELECT count(*) FROM " + name + ")";
  }
  with += "applied AS (" +
          (applied ? UpsertApplied(tables, *applied, &values)
                   : DeleteApplied(tables, row.revision, &values)) +
          " RETURNING 1), ";
  with += "history AS (" +
          (row.id == 0 ? InsertHistory(tables, row, &values)
                       : FinishHistory(tables, row.id, row, &values)) +
          " RETURNING id)";
  const std::string sql = "WITH " + with + " SELECT (SELECT id FROM history)" + counts;
  const std::string what = "recording " + row.revision + " in rev's tables";
  Result<PgResult> result = session.Query(sql, values.params(), what);
  if (!result.ok()) {
    if (session.last_sqlstate() == kUniqueViolation) {
      return VersionConflict("adding a row to " + tables.version, kRowAlreadyThere);
    }
    return result.status();
  }
  const PgRow& fields = result->rows.at(0);
  for (size_t i = 0; i < changes.size(); ++i) {
    const int64_t changed = Integer(fields.at(i + 1));
    if (changed != 1) return VersionConflict(changes[i].what, ChangedRows(changed));
  }
  if (!fields.at(0)) {
    return Status::Internal("history row " + std::to_string(row.id) + " of " + tables.history +
                            " is missing");
  }
  return Integer(fields.at(0));
}

}  // namespace rev::engine::backends
