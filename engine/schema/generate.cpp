#include "engine/schema/generate.h"

#include "engine/schema/rename_hints.h"
#include "engine/schema/render.h"

namespace rev::engine::schema {

GeneratedMigration GenerateMigration(const Schema& head, const Schema& desired,
                                     const std::vector<RenameHint>& hints) {
  GeneratedMigration migration;
  migration.upgrade = Diff(head, desired, DiffOptions{hints});
  migration.downgrade = Diff(desired, head, DiffOptions{ReversedHints(hints)});
  migration.upgrade_sql = RenderChanges(migration.upgrade, desired.kind);
  migration.downgrade_sql = RenderChanges(migration.downgrade, desired.kind);
  migration.upgrade_script = RenderScript(migration.upgrade, migration.upgrade_sql);
  migration.downgrade_script = RenderScript(migration.downgrade, migration.downgrade_sql);
  migration.likely_renames = LikelyRenames(migration.upgrade);
  return migration;
}

}  // namespace rev::engine::schema
