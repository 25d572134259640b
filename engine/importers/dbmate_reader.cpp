// dbmate: one file per migration, <version>_<name>.sql (the version is the leading digits),
// with a `-- migrate:up` section and an optional `-- migrate:down` one; a marker may carry
// `transaction:false`. Its `schema_migrations` table lists every applied version.
#include <regex>

#include "engine/importers/readers.h"
#include "engine/importers/source_files.h"
#include "engine/importers/tool_position.h"
#include "engine/importers/tool_table.h"

namespace rev::engine::importers {
namespace {

constexpr const char* kExpected = "<version>_<name>.sql with a `-- migrate:up` section";
constexpr const char* kTable = "schema_migrations";

struct Marker {
  bool up = false;
  bool no_transaction = false;
};

// A `-- migrate:up` or `-- migrate:down` line, with its options.
std::optional<Marker> ParseMarker(const std::string& line) {
  static const std::regex kMarker(R"(^--\s*migrate:(up|down)\b(.*)$)");
  std::smatch match;
  if (!std::regex_match(line, match, kMarker)) return std::nullopt;
  static const std::regex kNoTransaction(R"((^|\s)transaction:false(\s|$))");
  return Marker{match[1] == "up", std::regex_search(match[2].str(), kNoTransaction)};
}

Status Misplaced(const std::filesystem::path& file, int line, const std::string& what) {
  return Status::InvalidInput(what)
      .At({file.string(), line, 0})
      .WithHint(
          "write `-- migrate:up`, its SQL, then optionally `-- migrate:down` and its SQL, "
          "as dbmate requires");
}

// Splits the file into its sections, as dbmate does.
Status ReadSections(const std::filesystem::path& file, const std::string& text,
                    ImportedMigration* migration) {
  int line_number = 0;
  int up_line = 0;
  std::string* section = nullptr;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    ++line_number;
    if (std::optional<Marker> marker = ParseMarker(line)) {
      if (marker->up && up_line != 0)
        return Misplaced(file, line_number, "a second `-- migrate:up`");
      if (!marker->up && up_line == 0) {
        return Misplaced(file, line_number, "`-- migrate:down` before `-- migrate:up`");
      }
      if (!marker->up && migration->downgrade_sql) {
        return Misplaced(file, line_number, "a second `-- migrate:down`");
      }
      if (marker->up) up_line = line_number;
      section = marker->up ? &migration->upgrade_sql : &migration->downgrade_sql.emplace();
      if (marker->no_transaction) migration->transactional = false;
    } else if (section != nullptr) {
      *section += text.substr(start, std::min(end + 1, text.size()) - start);
    }
    start = end + 1;
  }
  if (up_line == 0) {
    return Misplaced(file, 1, file.filename().string() + " has no `-- migrate:up` line");
  }
  migration->source = {file.string(), up_line, 0};
  return Status::Ok();
}

}  // namespace

Result<ImportedProject> ReadDbmate(const std::filesystem::path& path) {
  static const std::regex kName(R"(^([0-9]+)_?(.*)\.sql$)");
  REV_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> files, ListFiles(path, false));
  ImportedProject project;
  project.tool = SourceTool::kDbmate;
  for (const std::filesystem::path& file : files) {
    const std::string name = file.filename().string();
    std::smatch match;
    if (!std::regex_match(name, match, kName)) continue;  // dbmate skips such files too
    ImportedMigration migration;
    migration.key = match[1];
    migration.message = MessageFromName(match[2].str());
    REV_ASSIGN_OR_RETURN(std::string text, ReadSourceFile(file));
    REV_RETURN_IF_ERROR(ReadSections(file, text, &migration));
    project.migrations.push_back(std::move(migration));
  }
  if (project.migrations.empty()) return NotInFormat(SourceTool::kDbmate, path, kExpected);
  REV_RETURN_IF_ERROR(SortByVersion(&project));
  return project;
}

Result<ToolPosition> ReadDbmatePosition(const ImportedProject& project,
                                        backends::Backend& backend) {
  REV_ASSIGN_OR_RETURN(bool found, ToolTableExists(backend, kTable));
  if (!found) return ToolPosition{kTable, false, {}};
  REV_ASSIGN_OR_RETURN(
      std::vector<backends::QueryRow> rows,
      ReadToolTable(backend, "SELECT CAST(version AS TEXT) FROM schema_migrations", {}, kTable));
  std::vector<size_t> applied;
  for (const backends::QueryRow& row : rows) {
    if (!row[0]) continue;
    REV_ASSIGN_OR_RETURN(size_t index, FindVersion(project, *row[0], kTable));
    applied.push_back(index);
  }
  return LinearPosition(project, std::move(applied), kTable,
                        "run `dbmate up` (it applies the missing ones), then import again");
}

}  // namespace rev::engine::importers
