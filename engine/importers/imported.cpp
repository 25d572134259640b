#include "engine/importers/imported.h"

#include <array>
#include <utility>

namespace rev::engine::importers {
namespace {

struct ToolEntry {
  SourceTool tool;
  std::string_view name;
  std::string_view default_path;
};

// The tools' own defaults: Alembic and Sqitch keep their configuration at the project's
// top, Flyway reads filesystem:sql, dbmate db/migrations, and golang-migrate's
// documentation uses migrations/ (it has no default).
constexpr std::array<ToolEntry, 5> kTools{{
    {SourceTool::kAlembic, "alembic", "."},
    {SourceTool::kFlyway, "flyway", "sql"},
    {SourceTool::kGolangMigrate, "golang-migrate", "migrations"},
    {SourceTool::kDbmate, "dbmate", "db/migrations"},
    {SourceTool::kSqitch, "sqitch", "."},
}};

bool IsIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

Result<SourceTool> ParseSourceTool(std::string_view name) {
  for (const ToolEntry& entry : kTools) {
    if (entry.name == name) return entry.tool;
  }
  return Status::InvalidInput("rev cannot import from '" + std::string(name) + "'")
      .WithHint("name one of: alembic, flyway, golang-migrate, dbmate, sqitch");
}

std::string_view ToolName(SourceTool tool) {
  for (const ToolEntry& entry : kTools) {
    if (entry.tool == tool) return entry.name;
  }
  return "?";
}

std::string_view DefaultSourcePath(SourceTool tool) {
  for (const ToolEntry& entry : kTools) {
    if (entry.tool == tool) return entry.default_path;
  }
  return ".";
}

Result<revisions::RevisionId> RevisionIdFor(std::string_view key) {
  std::string id;
  id.reserve(key.size());
  for (char c : key) id.push_back(IsIdCharacter(c) ? c : '_');
  if (!revisions::RevisionId::Problem(id).empty() && !id.empty() && id.size() < 64) {
    id.insert(id.begin(), 'v');  // a reserved word: head, heads, base, current
  }
  std::string problem = revisions::RevisionId::Problem(id);
  if (!problem.empty()) {
    return Status::InvalidInput("'" + std::string(key) + "' makes no rev revision id: " + problem)
        .WithHint("rename it in the source to at most 64 letters, digits and '_'");
  }
  return revisions::RevisionId::Parse(id);
}

}  // namespace rev::engine::importers
