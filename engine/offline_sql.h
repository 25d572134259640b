// Offline SQL: a Plan rendered as the script that would run (`--sql`), as Alembic's offline
// mode writes it. Per step: `-- Running upgrade a, b -> m` (down_revisions as written,
// depends_on left out), then `BEGIN;`, the section as the file holds it, the version-table
// statements of the step's VersionEdit (DELETE, UPDATE, INSERT, in that order) and
// `COMMIT;`; a `transactional: false` step gets a comment saying it runs outside a
// transaction instead of BEGIN/COMMIT. A plan from base starts with CREATE TABLE IF NOT
// EXISTS for the version table. Unlike Alembic, a downgrade to base does not drop the
// version table: online, rev keeps it, and the script says what online would do. No
// database is opened.
#pragma once

#include <string>

#include "engine/plan.h"

namespace rev::engine {

enum class SqlDialect { kSqlite, kPostgres };

struct OfflineSqlOptions {
  std::string version_table = "rev_version";
  std::string version_table_schema;  // PostgreSQL only; empty = unqualified
  SqlDialect dialect = SqlDialect::kSqlite;
  bool create_version_table = true;  // start with CREATE TABLE IF NOT EXISTS, when from base
};

// REQUIRES: every step's revision is in `graph`. Values in the rendered version-table
// statements are revision ids, which are [A-Za-z0-9_] only, so quoting them is safe here.
// REQUIRES: the plan's revisions were read with their sections (Revision::sections_loaded).
std::string RenderOfflineSql(const RevisionGraph& graph, const Plan& plan,
                             const OfflineSqlOptions& options);

}  // namespace rev::engine
