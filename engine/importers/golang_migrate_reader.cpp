// golang-migrate: <version>_<title>.up.sql and <version>_<title>.down.sql, the version an
// unsigned number, ordered by its value. Its `schema_migrations` table holds one row: the
// version reached and whether a migration failed half-way (`dirty`).
#include <map>
#include <regex>

#include "engine/importers/readers.h"
#include "engine/importers/source_files.h"
#include "engine/importers/tool_position.h"
#include "engine/importers/tool_table.h"

namespace rev::engine::importers {
namespace {

constexpr const char* kExpected = "<version>_<title>.up.sql and <version>_<title>.down.sql";
constexpr const char* kTable = "schema_migrations";

struct Pair {
  std::filesystem::path up;
  std::filesystem::path down;
  std::string title;
};

Status AddFile(const std::filesystem::path& file, const std::smatch& match,
               std::map<std::string, Pair>* pairs) {
  const std::string version = match[1];
  for (auto& [seen, pair] : *pairs) {
    if (seen != version && CompareVersions(seen, version) == 0) {
      return SameVersion(version, pair.up.empty() ? pair.down : pair.up, file);
    }
  }
  Pair& pair = (*pairs)[version];
  std::filesystem::path& slot = match[3] == "up" ? pair.up : pair.down;
  if (!slot.empty()) return SameVersion(version, slot, file);
  slot = file;
  if (match[3] == "up") pair.title = match[2];
  return Status::Ok();
}

}  // namespace

Result<ImportedProject> ReadGolangMigrate(const std::filesystem::path& path) {
  static const std::regex kName(R"(^([0-9]+)_(.*)\.(up|down)\.sql$)");
  REV_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> files, ListFiles(path, false));
  std::map<std::string, Pair> pairs;
  for (const std::filesystem::path& file : files) {
    const std::string name = file.filename().string();
    std::smatch match;
    if (std::regex_match(name, match, kName)) REV_RETURN_IF_ERROR(AddFile(file, match, &pairs));
  }
  if (pairs.empty()) return NotInFormat(SourceTool::kGolangMigrate, path, kExpected);
  ImportedProject project;
  project.tool = SourceTool::kGolangMigrate;
  for (const auto& [version, pair] : pairs) {
    if (pair.up.empty()) {
      return Status::InvalidInput(pair.down.string() + " has no up migration beside it")
          .At({pair.down.string(), 1, 0})
          .WithHint("add " + version + "_<title>.up.sql, or remove the down file");
    }
    ImportedMigration migration;
    migration.key = version;
    migration.message = MessageFromName(pair.title);
    REV_ASSIGN_OR_RETURN(migration.upgrade_sql, ReadSourceFile(pair.up));
    if (!pair.down.empty()) {
      REV_ASSIGN_OR_RETURN(migration.downgrade_sql, ReadSourceFile(pair.down));
    }
    migration.source = {pair.up.string(), 1, 0};
    project.migrations.push_back(std::move(migration));
  }
  REV_RETURN_IF_ERROR(SortByVersion(&project));
  return project;
}

Result<ToolPosition> ReadGolangMigratePosition(const ImportedProject& project,
                                               backends::Backend& backend) {
  ToolPosition position{kTable, false, {}};
  REV_ASSIGN_OR_RETURN(position.found, ToolTableExists(backend, kTable));
  if (!position.found) return position;
  // dirty is a boolean on PostgreSQL and an integer on SQLite: CASE reads both.
  REV_ASSIGN_OR_RETURN(
      std::vector<backends::QueryRow> rows,
      ReadToolTable(backend,
                    "SELECT CAST(version AS TEXT), CASE WHEN dirty THEN 1 ELSE 0 END "
                    "FROM schema_migrations",
                    {}, kTable));
  if (rows.empty() || !rows.front()[0] || *rows.front()[0] == "-1") return position;
  const std::string version = *rows.front()[0];
  if (rows.front()[1].value_or("0") != "0") {
    return Status::Refused("golang-migrate left version " + version +
                           " dirty: that migration failed part-way, and rev cannot tell how "
                           "much of it ran; nothing was written")
        .WithHint("repair the database by hand, then `migrate force " + version +
                  "` (or the version before it, if it did not apply), and import again");
  }
  REV_ASSIGN_OR_RETURN(size_t index, FindVersion(project, version, kTable));
  position.keys = {project.migrations[index].key};
  return position;
}

}  // namespace rev::engine::importers
