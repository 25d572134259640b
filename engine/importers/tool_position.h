// `rev import --adopt`: where the other tool's own table says a database stands. The table
// is read, never written.
#pragma once

#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/backends/database_url.h"
#include "engine/importers/imported.h"
#include "engine/schema/schema.h"

namespace rev::engine::importers {

struct ToolPosition {
  std::string table;   // what was read, for messages: "alembic_version", "sqitch.changes", ...
  bool found = false;  // the table exists
  // The keys (ImportedMigration::key) of the migrations the database stands at: Alembic's
  // heads, or the latest applied migration of a linear tool. Empty: nothing applied.
  std::vector<std::string> keys;
};

// Reads the tool's table through `backend` (Sqitch's SQLite registry is a file of its own
// beside the database `url` names). Fails with kRefused (exit 4) saying the fix when the
// tool left the database mid-migration (golang-migrate's dirty flag, a failed Flyway row),
// applied a later migration while an earlier one is missing (rev's chain cannot say that),
// or records a migration the project does not have (the database is ahead of the files).
Result<ToolPosition> ReadToolPosition(const ImportedProject& project, backends::Backend& backend,
                                      const backends::DatabaseUrl& url);

// One per tool, each in its own .cpp; ReadToolPosition picks one.
Result<ToolPosition> ReadAlembicPosition(const ImportedProject& project,
                                         backends::Backend& backend);
Result<ToolPosition> ReadFlywayPosition(const ImportedProject& project, backends::Backend& backend);
Result<ToolPosition> ReadGolangMigratePosition(const ImportedProject& project,
                                               backends::Backend& backend);
Result<ToolPosition> ReadDbmatePosition(const ImportedProject& project, backends::Backend& backend);
Result<ToolPosition> ReadSqitchPosition(const ImportedProject& project, backends::Backend& backend,
                                        const backends::DatabaseUrl& url);

// `schema` (a database read back) without the tool's own tables and what belongs to them
// (alembic_version, flyway_schema_history, schema_migrations, Sqitch's `sqitch` schema), so
// that it compares with the schema the imported revisions build. `position_table` is
// ImportedProject::position_table: the project's own name for the tool's table, if any.
void LeaveOutToolTables(SourceTool tool, const std::string& position_table, schema::Schema* schema);

}  // namespace rev::engine::importers
