#include "engine/db/postgres_tables.h"

#include <algorithm>
#include <cstdlib>

#include "engine/db/postgres_errors.h"
#include "engine/db/sql_identifiers.h"

namespace rev::engine::db {
namespace {

// A TIMESTAMPTZ column as FormatTimestamp writes it.
std::string IsoText(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

// A bound timestamp text, or now() when it is empty.
std::string TimestampParam(int index) {
  return "COALESCE(NULLIF($" + std::to_string(index) + "::text, '')::timestamptz, now())";
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
  row.from_heads = SplitHeads(Text(fields[3]));
  row.to_heads = SplitHeads(Text(fields[4]));
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

// Runs `sql` and requires it to change exactly one row of the version table.
Status ChangeOneRow(PgSession& session, const std::string& sql, const PgParams& params,
                    const std::string& what) {
  Result<PgResult> result = session.Query(sql, params, what);
  if (!result.ok()) {
    if (session.last_sqlstate() == kUniqueViolation) {
      return Status::Conflict(what +
                              ": the row is already there; the version table changed "
                              "underneath (another run?)");
    }
    return result.status();
  }
  if (result->affected_rows != 1) {
    return Status::Conflict(what + ": expected to change one row, changed " +
                            std::to_string(result->affected_rows) +
                            "; the version table changed underneath (another run?)");
  }
  return Status::Ok();
}

std::string VersionTableDdl(const PgTables& tables) {
  return "CREATE TABLE " + tables.version + " (version_num VARCHAR(64) NOT NULL, CONSTRAINT " +
         QuoteIdentifier(tables.version_name + "_pkc") + " PRIMARY KEY (version_num))";
}

std::string HistoryTableDdl(const PgTables& tables) {
  return "CREATE TABLE " + tables.history +
         " (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
         " revision VARCHAR(64),"
         " direction VARCHAR(16) NOT NULL,"
         " from_heads TEXT NOT NULL,"
         " to_heads TEXT NOT NULL,"
         " checksum TEXT NOT NULL,"
         " status VARCHAR(16) NOT NULL,"
         " transactional BOOLEAN NOT NULL,"
         " started_at TIMESTAMPTZ NOT NULL,"
         " finished_at TIMESTAMPTZ,"
         " duration_ms BIGINT NOT NULL DEFAULT 0,"
         " error TEXT,"
         " rev_version TEXT NOT NULL,"
         " run_by TEXT NOT NULL)";
}

std::string AppliedTableDdl(const PgTables& tables) {
  return "CREATE TABLE " + tables.applied +
         " (revision VARCHAR(64) NOT NULL PRIMARY KEY,"
         " checksum TEXT NOT NULL,"
         " applied_at TIMESTAMPTZ NOT NULL)";
}

Status CreateMissing(PgSession& session, const PgTables& tables) {
  if (!tables.schema.empty()) {
    REV_ASSIGN_OR_RETURN(PgResult schema,
                         session.Query("SELECT to_regnamespace($1) IS NOT NULL",
                                       {QuoteIdentifier(tables.schema)}, "looking up the schema"));
    if (Text(schema.rows.at(0).at(0)) != "t") {
      REV_RETURN_IF_ERROR(session
                              .Query("CREATE SCHEMA " + QuoteIdentifier(tables.schema), {},
                                     "creating schema " + QuoteIdentifier(tables.schema))
                              .status());
    }
  }
  const std::pair<const std::string*, std::string> creates[] = {
      {&tables.version, VersionTableDdl(tables)},
      {&tables.history, HistoryTableDdl(tables)},
      {&tables.applied, AppliedTableDdl(tables)},
  };
  for (const auto& [name, ddl] : creates) {
    REV_ASSIGN_OR_RETURN(bool exists, PgTableExists(session, *name));
    if (!exists) REV_RETURN_IF_ERROR(session.Query(ddl, {}, "creating " + *name).status());
  }
  return Status::Ok();
}

}  // namespace

PgTables PgTables::From(const BackendOptions& options, const std::string& current_schema) {
  PgTables tables;
  tables.schema = options.schema;
  tables.version_name = options.version_table;
  const std::string& schema = options.schema.empty() ? current_schema : options.schema;
  tables.version = QualifiedName(schema, options.version_table);
  tables.history = QualifiedName(schema, options.history_table);
  tables.applied = QualifiedName(schema, options.applied_table);
  return tables;
}

Result<bool> PgTableExists(PgSession& session, const std::string& qualified) {
  REV_ASSIGN_OR_RETURN(PgResult result, session.Query("SELECT to_regclass($1) IS NOT NULL",
                                                      {qualified}, "looking up " + qualified));
  return Text(result.rows.at(0).at(0)) == "t";
}

Status PgEnsureTables(PgSession& session, const PgTables& tables) {
  if (session.in_transaction()) return CreateMissing(session, tables);
  REV_RETURN_IF_ERROR(session.Begin());
  Status created = CreateMissing(session, tables);
  if (!created.ok()) {
    session.Rollback();
    return created;
  }
  return session.Commit();
}

Result<std::vector<std::string>> PgReadHeads(PgSession& session, const PgTables& tables) {
  REV_ASSIGN_OR_RETURN(bool exists, PgTableExists(session, tables.version));
  if (!exists) return std::vector<std::string>();
  REV_ASSIGN_OR_RETURN(PgResult result, session.Query("SELECT version_num FROM " + tables.version,
                                                      {}, "reading " + tables.version));
  std::vector<std::string> heads;
  for (const PgRow& row : result.rows) heads.push_back(Text(row.at(0)));
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
  for (const RevisionId& id : edit.deletes) {
    REV_RETURN_IF_ERROR(
        ChangeOneRow(session, "DELETE FROM " + tables.version + " WHERE version_num = $1",
                     {id.str()}, "removing " + id.str() + " from " + tables.version));
  }
  if (edit.update_from && edit.update_to) {
    REV_RETURN_IF_ERROR(ChangeOneRow(
        session, "UPDATE " + tables.version + " SET version_num = $2 WHERE version_num = $1",
        {edit.update_from->str(), edit.update_to->str()},
        "moving " + edit.update_from->str() + " to " + edit.update_to->str() + " in " +
            tables.version));
  }
  for (const RevisionId& id : edit.inserts) {
    REV_RETURN_IF_ERROR(ChangeOneRow(session,
                                     "INSERT INTO " + tables.version + " (version_num) VALUES ($1)",
                                     {id.str()}, "adding " + id.str() + " to " + tables.version));
  }
  return Status::Ok();
}

Status PgReplaceHeads(PgSession& session, const PgTables& tables,
                      const std::vector<std::string>& heads) {
  REV_RETURN_IF_ERROR(
      session.Query("DELETE FROM " + tables.version, {}, "emptying " + tables.version).status());
  for (const std::string& head : heads) {
    REV_RETURN_IF_ERROR(ChangeOneRow(session,
                                     "INSERT INTO " + tables.version + " (version_num) VALUES ($1)",
                                     {head}, "adding " + head + " to " + tables.version));
  }
  return Status::Ok();
}

Status PgRecordApplied(PgSession& session, const PgTables& tables, const AppliedRevision& applied) {
  return session
      .Query("INSERT INTO " + tables.applied +
                 " (revision, checksum, applied_at) VALUES ($1, $2, " + TimestampParam(3) +
                 ") ON CONFLICT (revision) DO UPDATE SET checksum = EXCLUDED.checksum, "
                 "applied_at = EXCLUDED.applied_at",
             {applied.revision, applied.checksum, applied.applied_at},
             "recording " + applied.revision + " in " + tables.applied)
      .status();
}

Status PgForgetApplied(PgSession& session, const PgTables& tables, const std::string& revision) {
  return session
      .Query("DELETE FROM " + tables.applied + " WHERE revision = $1", {revision},
             "removing " + revision + " from " + tables.applied)
      .status();
}

Result<int64_t> PgAppendHistory(PgSession& session, const PgTables& tables, const HistoryRow& row) {
  const std::string sql =
      "INSERT INTO " + tables.history +
      " (revision, direction, from_heads, to_heads, checksum, status, transactional, started_at,"
      " finished_at, duration_ms, error, rev_version, run_by) VALUES (NULLIF($1, ''), $2, $3, $4,"
      " $5, $6, $7::boolean, " +
      TimestampParam(8) +
      ", NULLIF($9::text, '')::timestamptz, $10::bigint, NULLIF($11, ''), $12,"
      " $13) RETURNING id";
  PgParams params = {row.revision,
                     row.direction,
                     JoinHeads(row.from_heads),
                     JoinHeads(row.to_heads),
                     row.checksum,
                     std::string(StepStatusName(row.status)),
                     std::string(row.transactional ? "true" : "false"),
                     row.started_at,
                     row.finished_at,
                     std::to_string(row.duration_ms),
                     row.error,
                     row.rev_version,
                     row.run_by};
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query(sql, params, "appending to " + tables.history));
  return Integer(result.rows.at(0).at(0));
}

Status PgFinishHistory(PgSession& session, const PgTables& tables, int64_t id,
                       const HistoryRow& outcome) {
  const std::string sql =
      "UPDATE " + tables.history + " SET status = $2, finished_at = " + TimestampParam(3) +
      ", duration_ms = $4::bigint, error = NULLIF($5, '') WHERE id = $1::bigint";
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query(sql,
                    {std::to_string(id), std::string(StepStatusName(outcome.status)),
                     outcome.finished_at, std::to_string(outcome.duration_ms), outcome.error},
                    "recording the outcome in " + tables.history));
  if (result.affected_rows != 1) {
    return Status::Internal("history row " + std::to_string(id) + " of " + tables.history +
                            " is missing");
  }
  return Status::Ok();
}

}  // namespace rev::engine::db
