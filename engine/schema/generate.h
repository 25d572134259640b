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

// `hints` as the schema file gives them (from head's names to desired's); the downgrade
// gets them reversed.
GeneratedMigration GenerateMigration(const Schema& head, const Schema& desired,
                                     const std::vector<RenameHint>& hints);

}  // namespace rev::engine::schema
