// ReadAlembicPosition: Alembic's version table holds one row per head, version_num each.
#include <set>
#include <string>

#include "engine/backends/sql_identifiers.h"
#include "engine/importers/tool_position.h"
#include "engine/importers/tool_table.h"

namespace rev::engine::importers {
namespace {

constexpr const char* kDefaultTable = "alembic_version";

// "schema.table" (as env.py's version_table_schema makes it) as quoted SQL.
std::string QuotedTable(const std::string& table) {
  size_t dot = table.find('.');
  if (dot == std::string::npos) return backends::QuoteIdentifier(table);
  return backends::QualifiedName(table.substr(0, dot), table.substr(dot + 1));
}

}  // namespace

Result<ToolPosition> ReadAlembicPosition(const ImportedProject& project,
                                         backends::Backend& backend) {
  ToolPosition position;
  position.table = project.position_table.empty() ? kDefaultTable : project.position_table;
  REV_ASSIGN_OR_RETURN(position.found, ToolTableExists(backend, position.table));
  if (!position.found) return position;
  REV_ASSIGN_OR_RETURN(std::vector<backends::QueryRow> rows,
                       ReadToolTable(backend,
                                     "SELECT version_num FROM " + QuotedTable(position.table) +
                                         " ORDER BY version_num",
                                     {}, position.table));
  std::set<std::string> known;
  for (const ImportedMigration& migration : project.migrations) known.insert(migration.key);
  std::string unknown;
  for (const backends::QueryRow& row : rows) {
    if (row.empty() || !row.front()) continue;  // version_num is NOT NULL in Alembic's table
    const std::string& key = *row.front();
    if (known.count(key) == 0) unknown += (unknown.empty() ? "'" : ", '") + key + "'";
    position.keys.push_back(key);
  }
  if (!unknown.empty()) {
    return Status::InvalidInput(position.table + " names " + unknown +
                                ", which the Alembic project does not have")
        .WithHint(
            "import the Alembic project this database was migrated with: its versions "
            "must hold every revision " +
            position.table + " names");
  }
  return position;
}

}  // namespace rev::engine::importers
