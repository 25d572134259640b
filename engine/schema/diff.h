// Diff: two schemas in, the ordered changes that take the first to the second out. Pure.
//
// Matching is by name: a table or column that exists on one side only is dropped or
// added, never guessed to be a rename; a rename comes only from a hint (schema.sql's
// `-- rev:renamed-from OLD`, rename_hints.h). Column order is not a difference. On SQLite,
// a table whose changes ALTER TABLE cannot make gets one kRebuildTable carrying them out.
// A view or trigger that reads a changed table is dropped and made again around the change.
//
// The order is the one the changes must run in (render.h renders them as they come):
// drops of dependent objects first, then renames, new types and tables, column changes,
// constraints, table drops, and last the indexes, views, triggers and comments.
#pragma once

#include <string>
#include <vector>

#include "engine/schema/change.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

// `-- rev:renamed-from OLD` on a table's line (column empty) or a column's line.
struct RenameHint {
  std::string table;   // the table's name in the desired schema
  std::string column;  // the column's name in the desired schema; "" for the table itself
  std::string old_name;
};

struct DiffOptions {
  std::vector<RenameHint> renames;
};

// REQUIRES: both Normalize()d, of the same kind.
Changes Diff(const Schema& from, const Schema& to, const DiffOptions& options = {});

// Drop-and-add pairs that look like renames (same table, same column type; or two tables
// with the same columns), each as a sentence naming the hint that would make it one.
std::vector<std::string> LikelyRenames(const Changes& changes);

}  // namespace rev::engine::schema
