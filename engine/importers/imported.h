// Another tool's migrations as values, before they become rev revisions.
//
// Each reader (one file per tool) turns a project of Alembic, Flyway, golang-migrate, dbmate
// or Sqitch into an ImportedProject: the migrations in the order the tool applies them,
// each with its upgrade and (when the tool has one) downgrade SQL exactly as written.
// ToRevisions (to_revisions.h) then makes them rev revisions; ReadToolPosition
// (tool_position.h) reads where the tool's own table says a database stands.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "revisions/notice.h"
#include "revisions/result.h"
#include "revisions/revision_id.h"

namespace rev::engine::importers {

enum class SourceTool { kAlembic, kFlyway, kGolangMigrate, kDbmate, kSqitch };

// "alembic", "flyway", "golang-migrate", "dbmate", "sqitch". Fails with kInvalidInput
// naming the five for anything else.
Result<SourceTool> ParseSourceTool(std::string_view name);
std::string_view ToolName(SourceTool tool);
// Where the tool keeps its migrations by default, relative to the project folder: what
// `rev import TOOL` reads when no PATH is given.
std::string_view DefaultSourcePath(SourceTool tool);

// The rev id for a migration the tool names by `key` (a version such as 20240101120000 or
// 1.2.3, a Sqitch change name): every character an id may not hold becomes `_` (1.2.3 →
// 1_2_3), so that people recognise it; a reserved word (head, base, ...) gets a `v` in
// front. Fails with kInvalidInput when nothing of `key` is left or it is too long.
Result<revisions::RevisionId> RevisionIdFor(std::string_view key);

// One migration as the tool has it. Names are kept as the tool writes them; ToRevisions
// turns each key into a rev id with RevisionIdFor and checks every name.
struct ImportedMigration {
  // What the tool's history table records for it: Alembic's revision id, the version
  // (golang-migrate, dbmate, Flyway: as written in the file name), Sqitch's change name
  // (with `@tag` for a reworked change's earlier instance).
  std::string key;
  // Keys of its parents. Used only when the project is not `chained`.
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;  // keys of other migrations (or Alembic branch labels)
  std::string message;
  std::string created_at;  // ISO 8601 UTC (2026-11-22T10:04:00Z), or empty
  std::string upgrade_sql;
  std::optional<std::string> downgrade_sql;  // nullopt: the tool has no down migration for it
  // Set when the tool says (dbmate's transaction:false, an Alembic autocommit block);
  // otherwise ToRevisions decides from the statements.
  std::optional<bool> transactional;
  // Where the upgrade came from, as the user would type it (line 1, or the line of the
  // up section's marker): errors and the summary name it.
  SourceLocation source;
};

struct ImportedProject {
  SourceTool tool = SourceTool::kGolangMigrate;
  std::vector<ImportedMigration> migrations;  // in the order the tool applies them
  // True for a linear tool: each migration's parent is the one before it (the first is a
  // base) and down_revisions are ignored. False for Alembic, whose graph is kept exactly.
  bool chained = true;
  // The table the tool records a database's position in, when the project names its own
  // (Alembic's env.py may configure version_table and version_table_schema:
  // "schema.table"); empty: the tool's default. ReadToolPosition reads it.
  std::string position_table;
  // What was read but not imported, or needs a person (Flyway's repeatable migrations, a
  // Sqitch dependency on another project): printed in the summary.
  std::vector<revisions::Notice> notices;
  // The name the tool's own table knows the project by, where it keeps several projects in
  // one table (Sqitch's %project); empty otherwise.
  std::string project_name;
};

}  // namespace rev::engine::importers
