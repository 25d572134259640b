#include "engine/schema/diff.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "engine/schema/diff_parts.h"
#include "engine/schema/sqlite_alter.h"
#include "engine/schema/type_change.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace {

using backends::DatabaseKind;

// Where each change lands; the buckets run in this order.
struct Buckets {
  Changes drop_dependents;  // views, triggers, indexes, comments: dropped or made again
  Changes drop_constraints;
  Changes renames;
  Changes create_types;  // schemas, extensions, enums, domains, sequences, functions
  Changes create_tables;
  Changes alter_tables;  // columns, options, rebuilds
  Changes add_constraints;
  Changes drop_tables;
  Changes drop_types;
  Changes create_dependents;

  Changes Joined() && {
    Changes all;
    for (Changes* part :
         {&drop_dependents, &drop_constraints, &renames, &create_types, &create_tables,
          &alter_tables, &add_constraints, &drop_tables, &drop_types, &create_dependents}) {
      all.insert(all.end(), std::make_move_iterator(part->begin()),
                 std::make_move_iterator(part->end()));
    }
    return all;
  }
};

// Kinds made before the tables (a column may use them) and dropped after them.
bool IsTypeLike(ObjectKind kind) {
  return kind == ObjectKind::kSchema || kind == ObjectKind::kExtension ||
         kind == ObjectKind::kEnum || kind == ObjectKind::kDomain ||
         kind == ObjectKind::kSequence || kind == ObjectKind::kFunction;
}

// Views, materialized views, triggers and comments: made again when what they read (a
// comment: the object it is on) changes.
bool ReadsOthers(ObjectKind kind) {
  return kind == ObjectKind::kView || kind == ObjectKind::kMaterializedView ||
         kind == ObjectKind::kTrigger || kind == ObjectKind::kComment;
}

// Whether a type-like object is made before the tables: not when it reads a table or view
// (a PostgreSQL function taking or returning its row type), which must exist first.
bool MadeBeforeTables(const Object& object, const Schema& schema) {
  if (!IsTypeLike(object.kind)) return false;
  return std::none_of(object.depends_on.begin(), object.depends_on.end(),
                      [&](const std::string& name) {
                        return schema.FindTable(name) != nullptr ||
                               schema.FindObject(ObjectKind::kView, name) != nullptr ||
                               schema.FindObject(ObjectKind::kMaterializedView, name) != nullptr;
                      });
}

bool IsForeignKey(const Change& change) {
  return change.constraint && change.constraint->kind == Constraint::Kind::kForeignKey;
}

Change TableChange(ChangeKind kind, const std::string& table, const std::string& name) {
  Change change;
  change.kind = kind;
  change.table = table;
  change.name = name;
  return change;
}

Change ObjectChange(ChangeKind kind, const Object& object) {
  Change change;
  change.kind = kind;
  change.table = object.table;
  change.name = object.name;
  change.object = object;
  return change;
}

std::string ConstraintLabel(const Constraint& constraint) {
  return constraint.name.empty() ? constraint.definition : constraint.name;
}

const std::string* FindHint(const DiffOptions& options, const std::string& table,
                            const std::string& column) {
  for (const RenameHint& hint : options.renames) {
    if (hint.table == table && hint.column == column) return &hint.old_name;
  }
  return nullptr;
}

bool HasDefault(const Column& column) {
  return column.default_value.has_value() || !column.generated.empty() || !column.identity.empty();
}

// The changes between two versions of one column (already matched by name or hint).
void DiffColumn(const std::string& table, const Column& before, const Column& after, Changes* out) {
  Column renamed = before;
  renamed.name = after.name;
  if (renamed == after) return;
  Change change = TableChange(ChangeKind::kAlterColumn, table, after.name);
  change.column_before = before;
  change.column_after = after;
  if (before.type != after.type && !IsWideningTypeChange(before.type, after.type)) {
    change.destructive = true;
    change.why_destructive = "changes the type of " + table + "." + after.name + " from " +
                             before.type + " to " + after.type + ", which may not hold every value";
  } else if (after.not_null && !before.not_null && !HasDefault(after)) {
    change.destructive = true;
    change.why_destructive = "adds NOT NULL to " + table + "." + after.name +
                             ", which has no default: rows holding NULL make it fail";
  }
  out->push_back(std::move(change));
}

struct TableDiff {
  Changes renames;
  Changes columns;
  Changes drop_constraints;
  Changes add_constraints;
  std::vector<std::string> copied;  // columns on both sides, not generated on either
};

TableDiff DiffTable(const std::string& old_name, const Table& before, const Table& after,
                    const DiffOptions& options) {
  TableDiff diff;
  const std::string& table = after.name;
  std::set<std::string> matched_before;
  for (const Column& column : after.columns) {
    const Column* old = before.FindColumn(column.name);
    if (old == nullptr) {
      const std::string* hint = FindHint(options, table, column.name);
      const Column* renamed = hint ? before.FindColumn(*hint) : nullptr;
      if (renamed != nullptr && after.FindColumn(*hint) == nullptr) {
        Change rename = TableChange(ChangeKind::kRenameColumn, table, column.name);
        rename.old_name = *hint;
        diff.renames.push_back(std::move(rename));
        old = renamed;
      }
    }
    if (old == nullptr) {
      Change add = TableChange(ChangeKind::kAddColumn, table, column.name);
      add.column_after = column;
      if (column.not_null && !HasDefault(column)) {
        add.destructive = true;
        add.why_destructive = "adds " + table + "." + column.name +
                              " NOT NULL without a default: it fails on a table that has rows";
      }
      diff.columns.push_back(std::move(add));
      continue;
    }
    matched_before.insert(old->name);
    if (old->generated.empty() && column.generated.empty()) diff.copied.push_back(column.name);
    DiffColumn(table, *old, column, &diff.columns);
  }
  for (const Column& column : before.columns) {
    if (matched_before.count(column.name) != 0) continue;
    Change drop = TableChange(ChangeKind::kDropColumn, table, column.name);
    drop.column_before = column;
    drop.destructive = true;
    drop.why_destructive = "drops column " + table + "." + column.name + " and its values";
    diff.columns.push_back(std::move(drop));
  }
  if (before.options != after.options) {
    Change options_change = TableChange(ChangeKind::kTableOptions, table, after.options);
    options_change.old_name = before.options;
    diff.columns.push_back(std::move(options_change));
  }
  // Constraints: the same when kind, name and definition are; a renamed column changes
  // the definition of those naming it, so they are dropped and added again.
  for (const Constraint& constraint : before.constraints) {
    if (std::find(after.constraints.begin(), after.constraints.end(), constraint) !=
        after.constraints.end()) {
      continue;
    }
    Change drop = TableChange(ChangeKind::kDropConstraint, table, ConstraintLabel(constraint));
    drop.constraint = constraint;
    drop.old_name = old_name;
    diff.drop_constraints.push_back(std::move(drop));
  }
  for (const Constraint& constraint : after.constraints) {
    if (std::find(before.constraints.begin(), before.constraints.end(), constraint) !=
        before.constraints.end()) {
      continue;
    }
    Change add = TableChange(ChangeKind::kAddConstraint, table, ConstraintLabel(constraint));
    add.constraint = constraint;
    diff.add_constraints.push_back(std::move(add));
  }
  // Foreign keys first among drops (they may reference a key dropped beside them), last
  // among additions.
  auto foreign_keys_first = [](const Change& a, const Change& b) {
    bool a_fk = a.constraint->kind == Constraint::Kind::kForeignKey;
    bool b_fk = b.constraint->kind == Constraint::Kind::kForeignKey;
    return a_fk && !b_fk;
  };
  std::stable_sort(diff.drop_constraints.begin(), diff.drop_constraints.end(), foreign_keys_first);
  std::stable_sort(diff.add_constraints.begin(), diff.add_constraints.end(),
                   [&](const Change& a, const Change& b) { return foreign_keys_first(b, a); });
  return diff;
}

// Tables in an order where each comes after the tables its foreign keys reference (a
// cycle is broken where it is found).
std::vector<const Table*> InReferenceOrder(std::vector<const Table*> tables) {
  std::map<std::string, const Table*> by_name;
  for (const Table* table : tables) by_name[table->name] = table;
  std::vector<const Table*> ordered;
  std::set<std::string> placed, visiting;
  std::function<void(const Table*)> place = [&](const Table* table) {
    if (placed.count(table->name) != 0 || !visiting.insert(table->name).second) return;
    for (const Constraint& constraint : table->constraints) {
      auto it = by_name.find(constraint.references);
      if (it != by_name.end() && it->second != table) place(it->second);
    }
    placed.insert(table->name);
    ordered.push_back(table);
  };
  for (const Table* table : tables) place(table);
  return ordered;
}

// SQLite: whether ALTER TABLE can make `changes` to one table, or it must be rebuilt.
bool SqliteNeedsRebuild(const Schema& from, const Table& before, const Changes& changes) {
  for (const Change& change : changes) {
    switch (change.kind) {
      case ChangeKind::kAddColumn:
        if (!SqliteCanAddColumn(*change.column_after)) return true;
        break;
      case ChangeKind::kDropColumn:
        if (!SqliteCanDropColumn(from, before, change.name)) return true;
        break;
      case ChangeKind::kRenameColumn:
        break;
      default:
        return true;
    }
  }
  return false;
}

}  // namespace

Changes Diff(const Schema& from, const Schema& to, const DiffOptions& options) {
  Buckets out;
  const bool sqlite = to.kind == DatabaseKind::kSqlite;

  // --- tables: matched by name, or by a rename hint ------------------------------------
  std::set<std::string> matched_from;
  std::set<std::string> touched;  // tables whose readers must be made again
  std::set<std::string> rebuilt;  // SQLite tables rebuilt
  std::vector<const Table*> created;
  for (const Table& table : to.tables) {
    const Table* before = from.FindTable(table.name);
    std::string old_name = table.name;
    if (before == nullptr) {
      const std::string* hint = FindHint(options, table.name, "");
      if (hint != nullptr && from.FindTable(*hint) != nullptr && to.FindTable(*hint) == nullptr) {
        before = from.FindTable(*hint);
        old_name = *hint;
        Change rename = TableChange(ChangeKind::kRenameTable, table.name, table.name);
        rename.old_name = old_name;
        out.renames.push_back(std::move(rename));
      }
    }
    if (before == nullptr) {
      created.push_back(&table);
      continue;
    }
    matched_from.insert(before->name);
    TableDiff diff = DiffTable(old_name, *before, table, options);
    bool rebuild = sqlite && !(diff.columns.empty() && diff.drop_constraints.empty() &&
                               diff.add_constraints.empty());
    if (rebuild) {
      Changes own = diff.columns;
      own.insert(own.end(), diff.drop_constraints.begin(), diff.drop_constraints.end());
      own.insert(own.end(), diff.add_constraints.begin(), diff.add_constraints.end());
      rebuild = SqliteNeedsRebuild(from, *before, own);
    }
    for (Change& change : diff.renames) out.renames.push_back(std::move(change));
    if (rebuild) {
      rebuilt.insert(table.name);
      Change change = TableChange(ChangeKind::kRebuildTable, table.name, table.name);
      change.table_after = table;
      change.copied_columns = diff.copied;
      for (Changes* part : {&diff.columns, &diff.drop_constraints, &diff.add_constraints}) {
        for (Change& own : *part) {
          own.in_rebuild = true;
          if (own.destructive) {
            change.destructive = true;
            change.why_destructive = own.why_destructive;
          }
          out.alter_tables.push_back(std::move(own));
        }
      }
      out.alter_tables.push_back(std::move(change));
    } else {
      for (Change& change : diff.drop_constraints)
        out.drop_constraints.push_back(std::move(change));
      for (Change& change : diff.columns) out.alter_tables.push_back(std::move(change));
      for (Change& change : diff.add_constraints) out.add_constraints.push_back(std::move(change));
    }
    bool columns_changed =
        std::any_of(out.alter_tables.begin(), out.alter_tables.end(), [&](const Change& change) {
          return change.table == table.name && change.kind != ChangeKind::kAddColumn;
        });
    if (rebuild || columns_changed || old_name != table.name) {
      touched.insert(table.name);
      touched.insert(old_name);
    }
  }
  for (const Table* table : InReferenceOrder(created)) {
    Change change = TableChange(ChangeKind::kCreateTable, table->name, table->name);
    change.table_after = *table;
    out.create_tables.push_back(std::move(change));
    // PostgreSQL: a new table's foreign keys are added once every new table exists and the
    // tables that stay have their new columns and keys: two new tables may reference each
    // other, and a key may reference a column added here. SQLite's CREATE TABLE holds them.
    if (sqlite) continue;
    for (const Constraint& constraint : table->constraints) {
      if (constraint.kind != Constraint::Kind::kForeignKey) continue;
      Change add =
          TableChange(ChangeKind::kAddConstraint, table->name, ConstraintLabel(constraint));
      add.constraint = constraint;
      out.add_constraints.push_back(std::move(add));
    }
  }
  std::vector<const Table*> dropped;
  for (const Table& table : from.tables) {
    if (matched_from.count(table.name) == 0) dropped.push_back(&table);
  }
  dropped = InReferenceOrder(dropped);
  std::reverse(dropped.begin(), dropped.end());
  std::set<std::string> dropped_tables;
  for (const Table* table : dropped) {
    Change change = TableChange(ChangeKind::kDropTable, table->name, table->name);
    change.destructive = true;
    change.why_destructive = "drops table " + table->name + " and its rows";
    change.table_after = *table;  // what is dropped, for a renderer that must name it
    out.drop_tables.push_back(std::move(change));
    dropped_tables.insert(table->name);
  }

  // --- other objects: matched by kind and name; a different definition replaces ---------
  std::set<std::pair<ObjectKind, std::string>> replaced;
  std::map<std::string, std::vector<std::pair<std::string, Column>>> converted;  // by enum
  std::vector<const Object*> to_create;
  std::vector<const Object*> to_drop;
  for (const Object& object : to.objects) {
    const Object* before = from.FindObject(object.kind, object.name);
    if (before == nullptr) {
      to_create.push_back(&object);
      continue;
    }
    if (before->definition == object.definition) continue;
    if (object.kind == ObjectKind::kEnum) {
      // Values only added (the old ones keep their order): ADD VALUE. Else a rebuild.
      std::vector<std::string> kept;
      for (const std::string& value : object.values) {
        if (std::find(before->values.begin(), before->values.end(), value) !=
            before->values.end()) {
          kept.push_back(value);
        }
      }
      if (kept == before->values) {
        for (const std::string& value : object.values) {
          if (std::find(kept.begin(), kept.end(), value) != kept.end()) continue;
          Change add = ObjectChange(ChangeKind::kAddEnumValue, object);
          add.name = value;
          out.create_types.push_back(std::move(add));
        }
        continue;
      }
    }
    if (object.kind == ObjectKind::kEnum) {
      converted[object.name] = ColumnsHoldingType(from, to, object.name, options);
    }
    replaced.insert({object.kind, object.name});
    to_drop.push_back(before);
    to_create.push_back(&object);
  }
  for (const Object& object : from.objects) {
    if (to.FindObject(object.kind, object.name) == nullptr) to_drop.push_back(&object);
  }
  // Readers of a touched table or of a replaced object are made again around the change,
  // and so, in turn, are their own readers. On SQLite a rebuilt table's indexes and
  // triggers go with it.
  std::set<std::string> touched_names = touched;
  for (const auto& [kind, name] : replaced) touched_names.insert(name);
  for (const auto& [type, columns] : converted) {
    for (const auto& [table, column] : columns) touched_names.insert(table);  // ALTER ... TYPE
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const Object& object : from.objects) {
      if (replaced.count({object.kind, object.name}) != 0) continue;
      const Object* after = to.FindObject(object.kind, object.name);
      if (after == nullptr) continue;
      bool reads_touched =
          ReadsOthers(object.kind) &&
          std::any_of(object.depends_on.begin(), object.depends_on.end(),
                      [&](const std::string& name) { return touched_names.count(name) != 0; });
      bool goes_with_rebuild = sqlite && rebuilt.count(object.table) != 0;
      // An index on a materialized view made again goes with it (as a trigger on it does).
      bool goes_with_view = replaced.count({ObjectKind::kView, object.table}) != 0 ||
                            replaced.count({ObjectKind::kMaterializedView, object.table}) != 0;
      if (!reads_touched && !goes_with_rebuild && !goes_with_view) continue;
      replaced.insert({object.kind, object.name});
      touched_names.insert(object.name);
      Change drop = ObjectChange(ChangeKind::kDropObject, object);
      Change create = ObjectChange(ChangeKind::kCreateObject, *after);
      std::string around = object.table.empty() ? *object.depends_on.begin() : object.table;
      for (const std::string& name : object.depends_on) {
        if (touched_names.count(name) != 0) around = name;
      }
      drop.note = create.note = "made again around the change to " + around;
      out.drop_dependents.push_back(std::move(drop));
      to_create.push_back(after);
      grew = true;
    }
  }
  for (const Object* object : to_drop) {
    // An index or trigger goes with its dropped table, a comment with its object.
    if (!object->table.empty() && dropped_tables.count(object->table) != 0) continue;
    bool is_replaced = replaced.count({object->kind, object->name}) != 0;
    if (object->kind == ObjectKind::kEnum && is_replaced) continue;  // rebuilt in place
    Change change = ObjectChange(ChangeKind::kDropObject, *object);
    // A type-like object made again is dropped before it is made, with the dependents.
    bool with_types = MadeBeforeTables(*object, from) && !is_replaced;
    (with_types ? out.drop_types : out.drop_dependents).push_back(std::move(change));
  }
  for (const Object* object : to_create) {
    Change change = ObjectChange(ChangeKind::kCreateObject, *object);
    if (object->kind == ObjectKind::kEnum && from.FindObject(object->kind, object->name)) {
      change.kind = ChangeKind::kRebuildEnum;
      change.destructive = true;
      change.why_destructive = "removes or reorders values of enum " + object->name +
                               ": rows holding a removed value make it fail";
      change.converted_columns = converted[object->name];
    }
    for (const Change& drop : out.drop_dependents) {
      if (drop.object->kind == object->kind && drop.object->name == object->name) {
        change.note = drop.note;
      }
    }
    (MadeBeforeTables(*object, to) ? out.create_types : out.create_dependents)
        .push_back(std::move(change));
  }
  // Types in kind order (schemas before the enums in them); types dropped the other way;
  // dependents in the order the catalog made them (a view after the views it reads).
  auto by_kind_then_order = [](const Change& a, const Change& b) {
    return std::make_tuple(a.object->kind, a.object->order) <
           std::make_tuple(b.object->kind, b.object->order);
  };
  std::stable_sort(out.create_types.begin(), out.create_types.end(), by_kind_then_order);
  std::stable_sort(out.drop_types.begin(), out.drop_types.end(),
                   [&](const Change& a, const Change& b) { return by_kind_then_order(b, a); });
  std::stable_sort(out.create_dependents.begin(), out.create_dependents.end(), by_kind_then_order);
  std::stable_sort(out.drop_dependents.begin(), out.drop_dependents.end(),
                   [&](const Change& a, const Change& b) { return by_kind_then_order(b, a); });
  // Then each after what it reads, whatever its kind (an index on a materialized view, a
  // view reading one, a function returning a view's rows).
  OrderByDependencies(out.create_dependents, false);
  OrderByDependencies(out.drop_dependents, true);
  // Foreign keys are dropped before the keys they reference and added after them, across
  // tables too.
  std::stable_sort(
      out.drop_constraints.begin(), out.drop_constraints.end(),
      [](const Change& a, const Change& b) { return IsForeignKey(a) && !IsForeignKey(b); });
  std::stable_sort(
      out.add_constraints.begin(), out.add_constraints.end(),
      [](const Change& a, const Change& b) { return !IsForeignKey(a) && IsForeignKey(b); });
  return std::move(out).Joined();
}

std::vector<std::string> LikelyRenames(const Changes& changes) {
  std::vector<std::string> hints;
  for (const Change& drop : changes) {
    if (drop.kind == ChangeKind::kDropColumn) {
      std::vector<std::string> candidates;
      for (const Change& add : changes) {
        if (add.kind == ChangeKind::kAddColumn && add.table == drop.table &&
            add.column_after->type == drop.column_before->type) {
          candidates.push_back(add.name);
        }
      }
      if (candidates.empty()) continue;
      hints.push_back("column " + drop.table + "." + drop.name + " is dropped and " +
                      revisions::JoinAlternatives(candidates) +
                      " added with the same type: if one is a rename, write `-- rev:renamed-from " +
                      drop.name + "` at the end of its line in the schema file");
    }
    if (drop.kind == ChangeKind::kDropTable) {
      for (const Change& add : changes) {
        if (add.kind != ChangeKind::kCreateTable) continue;
        const Table& dropped = *drop.table_after;
        const Table& created = *add.table_after;
        if (dropped.columns.size() != created.columns.size()) continue;
        bool same =
            std::all_of(created.columns.begin(), created.columns.end(), [&](const Column& column) {
              const Column* old = dropped.FindColumn(column.name);
              return old != nullptr && old->type == column.type;
            });
        if (!same) continue;
        hints.push_back("table " + dropped.name + " is dropped and " + created.name +
                        " created with the same columns: if it is a rename, write "
                        "`-- rev:renamed-from " +
                        dropped.name + "` at the end of its CREATE TABLE line in the schema file");
      }
    }
  }
  return hints;
}

}  // namespace rev::engine::schema
