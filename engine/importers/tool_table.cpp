#include "engine/importers/tool_table.h"

#include <algorithm>

#include "engine/importers/source_files.h"
#include "revisions/join.h"

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

namespace {

// `name` without its schema.
std::string Bare(const std::string& name) {
  return name.substr(name.rfind('.') == std::string::npos ? 0 : name.rfind('.') + 1);
}

// Whether `name` (bare, or schema-qualified on PostgreSQL) is one of the tool's tables;
// `position_table` is the project's own name for it, when it has one.
bool IsToolName(SourceTool tool, const std::string& position_table, const std::string& name) {
  const std::string bare = Bare(name);
  switch (tool) {
    case SourceTool::kAlembic:
      return bare == (position_table.empty() ? "alembic_version" : Bare(position_table));
    case SourceTool::kFlyway:
      return bare == "flyway_schema_history";
    case SourceTool::kGolangMigrate:
    case SourceTool::kDbmate:
      return bare == "schema_migrations";
    case SourceTool::kSqitch: {
      // The registry schema, its tables and what is on them, comments included: "sqitch",
      // "sqitch.changes", "schema sqitch", "table sqitch.tags".
      const std::string last_word = name.substr(name.rfind(' ') + 1);
      return last_word == "sqitch" || last_word.rfind("sqitch.", 0) == 0;
    }
  }
  return false;
}

}  // namespace

void LeaveOutToolTables(SourceTool tool, const std::string& position_table,
                        schema::Schema* schema) {
  auto is_tool = [&](const std::string& name) { return IsToolName(tool, position_table, name); };
  auto& tables = schema->tables;
  tables.erase(std::remove_if(tables.begin(), tables.end(),
                              [&](const schema::Table& table) { return is_tool(table.name); }),
               tables.end());
  auto& objects = schema->objects;
  objects.erase(std::remove_if(objects.begin(), objects.end(),
                               [&](const schema::Object& object) {
                                 return is_tool(object.name) ||
                                        (!object.table.empty() && is_tool(object.table));
                               }),
                objects.end());
}

Result<size_t> FindVersion(const ImportedProject& project, const std::string& version,
                           const std::string& table) {
  for (size_t i = 0; i < project.migrations.size(); ++i) {
    if (CompareVersions(project.migrations[i].key, version) == 0) return i;
  }
  return Status::Refused(table + " records version " + version +
                         ", which the imported project does not have: the database is ahead "
                         "of these files; nothing was written")
      .WithHint("import from a checkout that has every migration the database ran");
}

Result<ToolPosition> LinearPosition(const ImportedProject& project, std::vector<size_t> applied,
                                    const std::string& table, const std::string& fix) {
  ToolPosition position{table, true, {}};
  if (applied.empty()) return position;
  std::sort(applied.begin(), applied.end());
  applied.erase(std::unique(applied.begin(), applied.end()), applied.end());
  std::vector<std::string> missing;
  for (size_t i = 0, next = 0; i < applied.back(); ++i) {
    if (next < applied.size() && applied[next] == i) {
      ++next;
    } else {
      missing.push_back(project.migrations[i].key);
    }
  }
  const std::string& latest = project.migrations[applied.back()].key;
  if (!missing.empty()) {
    const size_t shown = std::min<size_t>(missing.size(), 10);
    std::string names =
        revisions::Join(std::vector<std::string>(missing.begin(), missing.begin() + shown));
    if (shown < missing.size()) names += " and " + std::to_string(missing.size() - shown) + " more";
    return Status::Refused(table + " records " + latest + " as applied but not " + names +
                           ", which come before it; rev's history is one chain, so it cannot "
                           "adopt that; nothing was written")
        .WithHint(fix);
  }
  position.keys = {latest};
  return position;
}

}  // namespace rev::engine::importers
