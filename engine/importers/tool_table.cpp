#include "engine/importers/tool_table.h"

namespace rev::engine::importers {

Result<bool> ToolTableExists(backends::Backend& backend, const std::string& table) {
  const bool sqlite = backend.kind() == backends::DatabaseKind::kSqlite;
  const std::string sql = sqlite ? "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = $1"
                                 : "SELECT 1 WHERE to_regclass($1) IS NOT NULL";
  REV_ASSIGN_OR_RETURN(std::vector<backends::QueryRow> rows,
                       backend.Query(sql, {table}, "looking for " + table));
  return !rows.empty();
}

Result<std::vector<backends::QueryRow>> ReadToolTable(backends::Backend& backend,
                                                      const std::string& sql,
                                                      const backends::QueryParams& params,
                                                      const std::string& table) {
  return backend.Query(sql, params, "reading " + table);
}

}  // namespace rev::engine::importers
