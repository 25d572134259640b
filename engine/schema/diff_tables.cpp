#include <algorithm>
#include <map>

#include "engine/schema/diff_phases.h"
#include "engine/schema/sqlite_alter.h"
#include "engine/schema/type_change.h"

namespace rev::engine::schema {
namespace {

using backends::DatabaseKind;

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

Change TableChange(ChangeKind kind, const std::string& table, const std::string& name) {
  Change change;
  change.kind = kind;
  change.table = table;
  change.name = name;
  return change;
}

std::string ConstraintLabel(const Constraint& constraint) {
  return constraint.name.empty() ? constraint.definition : constraint.name;
}

TableOutcome DiffTables(const Schema& from, const Schema& to, const DiffOptions& options,
                        Buckets* out) {
  const bool sqlite = to.kind == DatabaseKind::kSqlite;
  TableOutcome outcome;
  std::set<std::string>& touched = outcome.touched;
  std::set<std::string>& rebuilt = outcome.rebuilt;
  std::set<std::string> matched_from;
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
        out->renames.push_back(std::move(rename));
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
    for (Change& change : diff.renames) out->renames.push_back(std::move(change));
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
          out->alter_tables.push_back(std::move(own));
        }
      }
      out->alter_tables.push_back(std::move(change));
    } else {
      for (Change& change : diff.drop_constraints)
        out->drop_constraints.push_back(std::move(change));
      for (Change& change : diff.columns) out->alter_tables.push_back(std::move(change));
      for (Change& change : diff.add_constraints) out->add_constraints.push_back(std::move(change));
    }
    bool columns_changed =
        std::any_of(out->alter_tables.begin(), out->alter_tables.end(), [&](const Change& change) {
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
    out->create_tables.push_back(std::move(change));
    // PostgreSQL: a new table's foreign keys are added once every new table exists and the
    // tables that stay have their new columns and keys: two new tables may reference each
    // other, and a key may reference a column added here. SQLite's CREATE TABLE holds them.
    if (sqlite) continue;
    for (const Constraint& constraint : table->constraints) {
      if (constraint.kind != Constraint::Kind::kForeignKey) continue;
      Change add =
          TableChange(ChangeKind::kAddConstraint, table->name, ConstraintLabel(constraint));
      add.constraint = constraint;
      out->add_constraints.push_back(std::move(add));
    }
  }
  std::vector<const Table*> dropped;
  for (const Table& table : from.tables) {
    if (matched_from.count(table.name) == 0) dropped.push_back(&table);
  }
  dropped = InReferenceOrder(dropped);
  std::reverse(dropped.begin(), dropped.end());
  for (const Table* table : dropped) {
    Change change = TableChange(ChangeKind::kDropTable, table->name, table->name);
    change.destructive = true;
    change.why_destructive = "drops table " + table->name + " and its rows";
    change.table_after = *table;  // what is dropped, for a renderer that must name it
    out->drop_tables.push_back(std::move(change));
    outcome.dropped_tables.insert(table->name);
  }

  return outcome;
}

}  // namespace rev::engine::schema
