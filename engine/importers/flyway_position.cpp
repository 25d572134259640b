// Where flyway_schema_history says a database stands: its rows replayed in installed_rank
// order, as Flyway reads them. A successful versioned row applies its version; an undo row
// (UNDO_SQL, Flyway Teams) or a DELETE row (left by `flyway repair`) takes it back; a
// BASELINE row counts every version up to its own as applied; a failed row stops the import.
#include <set>

#include "engine/importers/source_files.h"
#include "engine/importers/tool_position.h"
#include "engine/importers/tool_table.h"

namespace rev::engine::importers {
namespace {

constexpr const char* kTable = "flyway_schema_history";

struct HistoryRow {
  std::string rank;
  std::string version;
  std::string type;
  bool success = false;
};

Status ApplyRow(const ImportedProject& project, const HistoryRow& row, std::set<size_t>* applied) {
  if (row.type == "BASELINE") {
    for (size_t i = 0; i < project.migrations.size(); ++i) {
      if (CompareVersions(project.migrations[i].key, row.version) <= 0) applied->insert(i);
    }
    return Status::Ok();
  }
  REV_ASSIGN_OR_RETURN(size_t index, FindVersion(project, row.version, kTable));
  const bool takes_back = row.type.rfind("UNDO_", 0) == 0 || row.type == "DELETE";
  if (!row.success) {
    return Status::Refused(std::string(kTable) + " records a failed migration, version " +
                           row.version + " (installed_rank " + row.rank +
                           "): Flyway left it part-way; nothing was written")
        .WithHint("repair the database by hand, run `flyway repair`, and import again");
  }
  if (takes_back) {
    applied->erase(index);
  } else {
    applied->insert(index);
  }
  return Status::Ok();
}

}  // namespace

Result<ToolPosition> ReadFlywayPosition(const ImportedProject& project,
                                        backends::Backend& backend) {
  REV_ASSIGN_OR_RETURN(bool found, ToolTableExists(backend, kTable));
  if (!found) return ToolPosition{kTable, false, {}};
  // success is a boolean on PostgreSQL and an integer on SQLite: CASE reads both. A row
  // without a version (a repeatable migration, Flyway's schema marker) says nothing here.
  REV_ASSIGN_OR_RETURN(
      std::vector<backends::QueryRow> rows,
      ReadToolTable(backend,
                    "SELECT CAST(installed_rank AS TEXT), version, type, "
                    "CASE WHEN success THEN 1 ELSE 0 END FROM flyway_schema_history "
                    "WHERE version IS NOT NULL ORDER BY installed_rank",
                    {}, kTable));
  std::set<size_t> applied;
  for (const backends::QueryRow& row : rows) {
    HistoryRow history{row[0].value_or(""), row[1].value_or(""), row[2].value_or(""),
                       row[3].value_or("0") != "0"};
    REV_RETURN_IF_ERROR(ApplyRow(project, history, &applied));
  }
  return LinearPosition(project, {applied.begin(), applied.end()}, kTable,
                        "run `flyway migrate` (with outOfOrder, it applies the missing ones), "
                        "then import again");
}

}  // namespace rev::engine::importers
