#include "engine/schema/generate.h"

#include <algorithm>

#include "engine/schema/rename_hints.h"
#include "engine/schema/render.h"

namespace rev::engine::schema {

namespace {

// `sql` (an index's CREATE or DROP, as the renderer writes it) with CONCURRENTLY.
std::string Concurrently(std::string sql) {
  for (const char* prefix : {"CREATE UNIQUE INDEX ", "CREATE INDEX ", "DROP INDEX "}) {
    std::string start(prefix);
    if (sql.compare(0, start.size(), start) == 0) {
      return start + "CONCURRENTLY " + sql.substr(start.size());
    }
  }
  return sql;
}

std::vector<std::string> Render(const Changes& changes, backends::DatabaseKind kind,
                                bool concurrently) {
  std::vector<std::string> sql = RenderChanges(changes, kind);
  if (concurrently) {
    for (std::string& statement : sql) statement = Concurrently(std::move(statement));
  }
  return sql;
}

}  // namespace

bool IndexChangesOnly(const Changes& changes) {
  return std::all_of(changes.begin(), changes.end(), [](const Change& change) {
    return (change.kind == ChangeKind::kCreateObject || change.kind == ChangeKind::kDropObject) &&
           change.object->kind == ObjectKind::kIndex;
  });
}

GeneratedMigration GenerateMigration(const Schema& head, const Schema& desired,
                                     const GenerateOptions& options) {
  GeneratedMigration migration;
  migration.upgrade = Diff(head, desired, DiffOptions{options.hints});
  migration.downgrade = Diff(desired, head, DiffOptions{ReversedHints(options.hints)});
  migration.upgrade_sql = Render(migration.upgrade, desired.kind, options.concurrently);
  migration.downgrade_sql = Render(migration.downgrade, desired.kind, options.concurrently);
  migration.upgrade_script = RenderScript(migration.upgrade, migration.upgrade_sql);
  migration.downgrade_script = RenderScript(migration.downgrade, migration.downgrade_sql);
  migration.likely_renames = LikelyRenames(migration.upgrade);
  return migration;
}

}  // namespace rev::engine::schema
