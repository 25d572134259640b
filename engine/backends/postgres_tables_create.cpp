// rev's tables on PostgreSQL: their names, and their creation when missing (the first
// change creates them; reading never does).
#include "engine/backends/postgres_tables.h"
#include "engine/backends/sql_identifiers.h"

namespace rev::engine::backends {
namespace {

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
    if (schema.rows.at(0).at(0).value_or("") != "t") {
      REV_RETURN_IF_ERROR(
          session
              .Query("CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(tables.schema), {},
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
  tables.lock = QualifiedName(schema, "rev_lock");
  return tables;
}

Result<bool> PgTableExists(PgSession& session, const std::string& qualified) {
  REV_ASSIGN_OR_RETURN(PgResult result, session.Query("SELECT to_regclass($1) IS NOT NULL",
                                                      {qualified}, "looking up " + qualified));
  return result.rows.at(0).at(0).value_or("") == "t";
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

}  // namespace rev::engine::backends
