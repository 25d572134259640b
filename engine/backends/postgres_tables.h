// rev's three tables on PostgreSQL (SPEC §4): their names in SQL, how they are created, and
// the statements that read and write their rows over a PgSession. Every value is a bound
// parameter; names pass through QuoteIdentifier. Reading never creates anything, and a
// missing table reads as empty, so a role that may only SELECT can read.
//
//   rev_version (version_num VARCHAR(64) PRIMARY KEY)      Alembic's shape
//   rev_history (id BIGINT GENERATED ALWAYS AS IDENTITY, revision, direction, from_heads,
//                to_heads, checksum, status, transactional, started_at TIMESTAMPTZ,
//                finished_at TIMESTAMPTZ, duration_ms, error, rev_version, run_by)
//   rev_applied (revision VARCHAR(64) PRIMARY KEY, checksum, applied_at TIMESTAMPTZ)
//
// Heads lists are stored as history.h's JoinHeads text; timestamps are TIMESTAMPTZ and
// read back as history.h's FormatTimestamp form (UTC, milliseconds).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/backends/history.h"
#include "engine/backends/postgres_session.h"
#include "engine/plan.h"

namespace rev::engine::backends {

struct PgTables {
  std::string schema;        // as configured (version_table_schema); "" when none
  std::string version_name;  // unquoted
  std::string version;       // quoted SQL names, schema-qualified
  std::string history;
  std::string applied;
  std::string lock;  // rev_lock, the lease lock's table (postgres_lock_lease.h)

  // Names in options.schema, or else in `current_schema` (search_path's first existing
  // schema when the session opened): a revision that changes search_path must not move
  // rev's own tables. Unqualified when both are empty.
  static PgTables From(const BackendOptions& options, const std::string& current_schema);
};

// Whether the table `qualified` (a quoted, possibly schema-qualified name) exists and is
// visible. Reads only.
Result<bool> PgTableExists(PgSession& session, const std::string& qualified);

// Creates the schema (when one is configured) and each of the three tables that is
// missing, in one transaction (inside the open one, if any). REQUIRES: the migration lock,
// so two runners never race to create them.
Status PgEnsureTables(PgSession& session, const PgTables& tables);

Result<RevisionIds> PgReadHeads(PgSession& session, const PgTables& tables);
Result<std::vector<AppliedRevision>> PgReadApplied(PgSession& session, const PgTables& tables);
Result<std::vector<HistoryRow>> PgReadHistory(PgSession& session, const PgTables& tables,
                                              size_t limit);
Result<std::optional<HistoryRow>> PgReadDirtyStep(PgSession& session, const PgTables& tables);
Result<std::optional<HistoryRow>> PgReadLastFailure(PgSession& session, const PgTables& tables);

// Backend's contracts for these (kConflict when the version table does not match).
Status PgApplyVersionEdit(PgSession& session, const PgTables& tables, const VersionEdit& edit);
Status PgReplaceHeads(PgSession& session, const PgTables& tables, const RevisionIds& heads);
Status PgRecordApplied(PgSession& session, const PgTables& tables, const AppliedRevision& applied);
Status PgForgetApplied(PgSession& session, const PgTables& tables, const std::string& revision);
Result<int64_t> PgAppendHistory(PgSession& session, const PgTables& tables, const HistoryRow& row);
Status PgFinishHistory(PgSession& session, const PgTables& tables, int64_t id,
                       const HistoryRow& outcome);
// Backend::RecordStep as one statement.
Result<int64_t> PgRecordStep(PgSession& session, const PgTables& tables, const VersionEdit& edit,
                             const std::optional<AppliedRevision>& applied, const HistoryRow& row);

}  // namespace rev::engine::backends
