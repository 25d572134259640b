// Change: one difference between two schemas, as Diff (diff.h) finds it and a renderer
// turns it into SQL. A change names what it does and to which object, says whether it can
// lose data, and carries the objects before and after, so that a renderer needs nothing
// else.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/schema/schema.h"

namespace rev::engine::schema {

enum class ChangeKind {
  kCreateTable,
  kDropTable,
  kRenameTable,
  kAddColumn,
  kDropColumn,
  kRenameColumn,
  kAlterColumn,
  kAddConstraint,
  kDropConstraint,
  kTableOptions,  // WITHOUT ROWID / STRICT changed: SQLite rebuilds the table
  // SQLite: the table made again as its desired CREATE TABLE, rows copied (sqlite.org's
  // "other kinds of table schema changes"); the table's own changes are listed beside it.
  kRebuildTable,
  kCreateObject,
  kDropObject,
  kAddEnumValue,
  kRebuildEnum,  // values removed or reordered: renamed, made again, columns converted
  kUpdateData,   // a step's rows changed (what-each-step-changes only; Diff never makes it)
};

struct Change {
  ChangeKind kind = ChangeKind::kCreateTable;
  std::string table;  // the table it touches, "" for other objects
  std::string name;   // the column, constraint, object or enum value
  bool destructive = false;
  std::string why_destructive;  // "drops column users.email and its values"

  // What it acts on, before and after, as far as they apply to its kind.
  std::optional<Table> table_after;  // create_table: the table; rebuilds: the desired table
  std::optional<Column> column_before, column_after;
  std::optional<Constraint> constraint;
  std::optional<Object> object;  // create/drop: the object
  std::string old_name;          // renames: the name before
  // kRebuildTable: the columns whose values are copied into the rebuilt table (after the
  // renames, which run first), by their names.
  std::vector<std::string> copied_columns;
  // kRebuildEnum: the columns holding the enum on both sides, as the desired schema has
  // them, each with its table: they are converted to the type made again.
  std::vector<std::pair<std::string, Column>> converted_columns;
  // A change a kRebuildTable of its table carries out: listed, rendered by the rebuild.
  bool in_rebuild = false;
  // Why a change nobody asked for is there: a view dropped and made again around a change
  // to a table it reads ("made again around the change to users").
  std::string note;

  // "create_table", "add_column", "drop_index", "add_enum_value", ...
  std::string KindName() const;
  // "users", "users.email", "users_email_idx", ...: what a person reads in a list.
  std::string ObjectName() const;
};

using Changes = std::vector<Change>;

// Whether any change is destructive.
bool AnyDestructive(const Changes& changes);

}  // namespace rev::engine::schema
