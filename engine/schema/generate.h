// A migration generated between two schemas: the upgrade's changes (head → desired) and
// the downgrade's (desired → head), each rendered as one script for the revision file.
#pragma once

#include <string>
#include <vector>

#include "engine/schema/change.h"
#include "engine/schema/diff.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

struct GeneratedMigration {
  Changes upgrade;
  Changes downgrade;
  std::vector<std::string> upgrade_sql;    // per change (RenderChanges)
  std::vector<std::string> downgrade_sql;  // per change
  std::string upgrade_script;              // RenderScript
  std::string downgrade_script;
  std::vector<std::string> likely_renames;  // LikelyRenames of the upgrade

  bool empty() const { return upgrade.empty(); }
};

struct GenerateOptions {
  std::vector<RenameHint> hints;  // as the schema file gives them (head's names to desired's)
  // PostgreSQL: indexes made and dropped CONCURRENTLY, for a `transactional: false`
  // revision. REQUIRES: every change is an index's (IndexChangesOnly).
  bool concurrently = false;
};

// The downgrade gets the hints reversed.
GeneratedMigration GenerateMigration(const Schema& head, const Schema& desired,
                                     const GenerateOptions& options);

// Whether every change creates or drops an index: what --concurrently can write, since a
// revision outside a transaction would leave any other change half done on a failure.
bool IndexChangesOnly(const Changes& changes);

}  // namespace rev::engine::schema
