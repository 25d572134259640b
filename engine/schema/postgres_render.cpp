// The PostgreSQL renderer: each change as the SQL that makes it, in the order Diff gave
// them. This file renders the tables and their columns and constraints; every other object
// is postgres_render_objects.cpp's. Names are the Schema's "schema.name", quoted part by
// part.
//
// Foreign keys: a new table's are not in its CREATE TABLE. Diff lists them as add_constraint
// changes after every table is made and altered, so that two new tables may reference each
// other and a key may reference a column or key added in the same change. Two dropped
// tables referencing each other: the first one dropped drops the other's key first.
#include <algorithm>

#include "engine/backends/sql_identifiers.h"
#include "engine/schema/postgres_catalog.h"
#include "engine/schema/postgres_render_parts.h"
#include "engine/schema/render.h"
#include "engine/schema/sql_text.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace pg {
namespace {

using backends::QuoteIdentifier;

constexpr const char* kUnlogged = "UNLOGGED";

// A table's options as the introspector writes them: "UNLOGGED", "WITH (a=1, b=2)", both.
struct TableOptions {
  bool unlogged = false;
  std::string storage;  // "a=1, b=2"
};

TableOptions ParseOptions(const std::string& text) {
  TableOptions options;
  options.unlogged = text.rfind(kUnlogged, 0) == 0;
  size_t with = text.find("WITH (");
  if (with != std::string::npos) options.storage = text.substr(with + 6, text.size() - with - 7);
  return options;
}

std::string CreateTable(const Table& table, const ChangeList& list, const Change& change) {
  TableOptions options = ParseOptions(table.options);
  std::vector<std::string> items;
  for (const Column& column : table.columns) items.push_back("    " + ColumnDefinition(column));
  for (const Constraint& constraint : table.constraints) {
    if (constraint.kind == Constraint::Kind::kForeignKey) continue;  // see the top
    items.push_back("    CONSTRAINT " + QuoteIdentifier(constraint.name) + " " +
                    constraint.definition);
  }
  std::string sql = std::string("CREATE ") + (options.unlogged ? "UNLOGGED " : "") + "TABLE " +
                    QuotedName(table.name) + " (\n" + revisions::Join(items, ",\n") + "\n)";
  if (!options.storage.empty()) sql += " WITH (" + options.storage + ")";
  return sql + ";" + list.OwnershipsWaitingFor(change);
}

std::string RenameTable(const Change& change) {
  size_t old_dot = change.old_name.find('.');
  size_t new_dot = change.table.find('.');
  std::string old_schema = change.old_name.substr(0, old_dot);
  std::string new_schema = change.table.substr(0, new_dot);
  std::string new_name = change.table.substr(new_dot + 1);
  std::string sql;
  if (change.old_name.substr(old_dot + 1) != new_name) {
    sql += AlterTable(change.old_name) + "RENAME TO " + QuoteIdentifier(new_name) + ";";
  }
  if (old_schema != new_schema) {
    if (!sql.empty()) sql += "\n";
    sql += AlterTable(Qualified(old_schema, new_name)) + "SET SCHEMA " +
           QuoteIdentifier(new_schema) + ";";
  }
  return sql;
}

std::string AlterOptions(const Change& change) {
  TableOptions before = ParseOptions(change.old_name);
  TableOptions after = ParseOptions(change.name);
  std::vector<std::string> statements;
  if (before.unlogged != after.unlogged) {
    statements.push_back(AlterTable(change.table) +
                         (after.unlogged ? "SET UNLOGGED" : "SET LOGGED"));
  }
  if (before.storage != after.storage) {
    std::vector<std::string> keys;
    for (const std::string& option : SplitTopLevel(before.storage, ',')) {
      keys.push_back(option.substr(0, option.find('=')));
    }
    if (!keys.empty()) {
      statements.push_back(AlterTable(change.table) + "RESET (" + revisions::Join(keys, ", ") +
                           ")");
    }
    if (!after.storage.empty()) {
      statements.push_back(AlterTable(change.table) + "SET (" + after.storage + ")");
    }
  }
  return revisions::Join(statements, ";\n") + ";";
}

// Each difference of one column, in an order PostgreSQL accepts: an identity goes before
// NOT NULL is dropped and comes after it is set; a default goes before the type changes
// (it may not cast) and comes back after, before NOT NULL.
std::string AlterColumn(const Change& change) {
  Column current = *change.column_before;
  const Column& after = *change.column_after;
  const std::string table = change.table;
  const std::string alter = AlterTable(table) + "ALTER COLUMN " + QuoteIdentifier(after.name) + " ";
  std::vector<std::string> statements;
  if (current.generated != after.generated || current.generated_stored != after.generated_stored) {
    if (!after.generated.empty()) {
      // PostgreSQL cannot make a column generated, nor change its expression: the column is
      // made again, its values computed.
      return AlterTable(table) + "DROP COLUMN " + QuoteIdentifier(after.name) + ";\n" +
             AlterTable(table) + "ADD COLUMN " + ColumnDefinition(after) + ";";
    }
    statements.push_back(alter + "DROP EXPRESSION");
    current.generated.clear();
  }
  bool type_changes = current.type != after.type || current.collation != after.collation;
  if (!current.identity.empty() && after.identity.empty()) {
    statements.push_back(alter + "DROP IDENTITY IF EXISTS");  // see CreateSequence
    current.identity.clear();
  }
  if (current.default_value && (!after.default_value || type_changes)) {
    statements.push_back(alter + "DROP DEFAULT");
    current.default_value.reset();
  }
  if (type_changes) {
    std::string type = alter + "TYPE " + after.type;
    if (!after.collation.empty()) type += " COLLATE " + QuotedName(after.collation);
    statements.push_back(type + " USING " + QuoteIdentifier(after.name) + "::" + after.type);
  }
  if (after.default_value && current.default_value != after.default_value) {
    statements.push_back(alter + "SET DEFAULT " + *after.default_value);
  }
  if (current.not_null != after.not_null) {
    // NOT NULL on a column with a default: the rows holding NULL take the default first
    // (Diff calls it safe for that reason).
    if (after.not_null && after.default_value) {
      statements.push_back("UPDATE " + QuotedName(table) + " SET " + QuoteIdentifier(after.name) +
                           " = DEFAULT WHERE " + QuoteIdentifier(after.name) + " IS NULL");
    }
    statements.push_back(alter + (after.not_null ? "SET NOT NULL" : "DROP NOT NULL"));
  }
  if (current.identity.empty() && !after.identity.empty()) {
    statements.push_back(alter + "ADD GENERATED " + after.identity + " AS IDENTITY");
    // Past the values the column holds (a serial column made an identity keeps its rows).
    // By RESTART: pg_get_serial_sequence may still find the serial's sequence.
    statements.push_back("DO $rev$BEGIN EXECUTE format(" + Literal(alter + "RESTART WITH %s") +
                         ", (SELECT COALESCE(MAX(" + QuoteIdentifier(after.name) +
                         "), 0) + 1 FROM " + QuotedName(table) + ")); END$rev$");
  } else if (current.identity != after.identity) {
    statements.push_back(alter + "SET GENERATED " + after.identity);
  }
  return revisions::Join(statements, ";\n") + ";";
}

std::string Render(const Change& change, const ChangeList& list) {
  switch (change.kind) {
    case ChangeKind::kCreateTable:
      return CreateTable(*change.table_after, list, change);
    case ChangeKind::kDropTable:
      return list.ForeignKeysBlockingDrop(change) + "DROP TABLE " + QuotedName(change.table) + ";";
    case ChangeKind::kRenameTable:
      return RenameTable(change);
    case ChangeKind::kAddColumn:
      return AlterTable(change.table) + "ADD COLUMN " + ColumnDefinition(*change.column_after) +
             ";" + list.OwnershipsWaitingFor(change);
    case ChangeKind::kDropColumn:
      return AlterTable(change.table) + "DROP COLUMN " + QuoteIdentifier(change.name) + ";";
    case ChangeKind::kRenameColumn:
      return AlterTable(change.table) + "RENAME COLUMN " + QuoteIdentifier(change.old_name) +
             " TO " + QuoteIdentifier(change.name) + ";";
    case ChangeKind::kAlterColumn:
      return AlterColumn(change);
    case ChangeKind::kAddConstraint:
      return AlterTable(change.table) + "ADD CONSTRAINT " +
             QuoteIdentifier(change.constraint->name) + " " + change.constraint->definition + ";";
    case ChangeKind::kDropConstraint:
      // Constraints are dropped before tables are renamed: by the table's old name.
      return AlterTable(change.old_name.empty() ? change.table : change.old_name) +
             "DROP CONSTRAINT " + QuoteIdentifier(change.constraint->name) + ";";
    case ChangeKind::kTableOptions:
      return AlterOptions(change);
    case ChangeKind::kCreateObject:
    case ChangeKind::kDropObject:
    case ChangeKind::kAddEnumValue:
    case ChangeKind::kRebuildEnum:
      return RenderObjectChange(change, list);
    case ChangeKind::kRebuildTable:  // SQLite's; ALTER TABLE makes every PostgreSQL change
    case ChangeKind::kUpdateData:
      return "";
  }
  return "";
}

}  // namespace

std::string AlterTable(const std::string& table) {
  return "ALTER TABLE " + QuotedName(table) + " ";
}

std::string ColumnDefinition(const Column& column) {
  std::string sql = QuoteIdentifier(column.name) + " " + column.type;
  if (!column.collation.empty()) sql += " COLLATE " + QuotedName(column.collation);
  if (!column.generated.empty()) {
    sql += " GENERATED ALWAYS AS (" + column.generated + ") STORED";
  } else if (!column.identity.empty()) {
    sql += " GENERATED " + column.identity + " AS IDENTITY";
  } else if (column.default_value) {
    sql += " DEFAULT " + *column.default_value;
  }
  if (column.not_null) sql += " NOT NULL";
  return sql;
}

ChangeList::ChangeList(const Changes& changes) : changes_(changes) {
  for (const Change& change : changes) {
    if (change.kind == ChangeKind::kDropObject) {
      dropped_[{change.object->kind, change.object->name}] = &*change.object;
    } else if (change.kind == ChangeKind::kCreateObject) {
      created_[{change.object->kind, change.object->name}] = &*change.object;
    }
  }
}

const Object* ChangeList::Before(const Object& object) const {
  auto dropped = dropped_.find({object.kind, object.name});
  if (dropped == dropped_.end() || created_.count({object.kind, object.name}) == 0) return nullptr;
  return dropped->second;
}

const Object* ChangeList::After(const Object& object) const {
  auto created = created_.find({object.kind, object.name});
  if (created == created_.end() || dropped_.count({object.kind, object.name}) == 0) return nullptr;
  return created->second;
}

bool ChangeList::OwnershipWaits(const Object& sequence) const {
  return std::any_of(changes_.begin(), changes_.end(), [&](const Change& change) {
    if (change.kind == ChangeKind::kAddColumn) return OwnedBy(sequence, change.table, change.name);
    if (change.kind != ChangeKind::kCreateTable) return false;
    const std::vector<Column>& columns = change.table_after->columns;
    return std::any_of(columns.begin(), columns.end(), [&](const Column& column) {
      return OwnedBy(sequence, change.table, column.name);
    });
  });
}

std::string ChangeList::OwnershipsWaitingFor(const Change& change) const {
  std::string sql;
  for (const Change& other : changes_) {
    if (other.kind != ChangeKind::kCreateObject || other.object->kind != ObjectKind::kSequence) {
      continue;
    }
    bool owned = false;
    if (change.kind == ChangeKind::kAddColumn)
      owned = OwnedBy(*other.object, change.table, change.name);
    if (change.kind == ChangeKind::kCreateTable) {
      for (const Column& column : change.table_after->columns) {
        owned = owned || OwnedBy(*other.object, change.table, column.name);
      }
    }
    if (owned) sql += "\n" + SequenceOwnership(*other.object) + ";";
  }
  return sql;
}

std::string ChangeList::ForeignKeysBlockingDrop(const Change& change) const {
  std::string sql;
  bool after = false;
  for (const Change& other : changes_) {
    if (&other == &change) after = true;
    if (!after || &other == &change || other.kind != ChangeKind::kDropTable) continue;
    for (const Constraint& constraint : other.table_after->constraints) {
      if (constraint.kind == Constraint::Kind::kForeignKey &&
          constraint.references == change.table) {
        sql +=
            AlterTable(other.table) + "DROP CONSTRAINT " + QuoteIdentifier(constraint.name) + ";\n";
      }
    }
  }
  return sql;
}

}  // namespace pg

std::vector<std::string> RenderPostgres(const Changes& changes) {
  pg::ChangeList list(changes);
  std::vector<std::string> sql;
  sql.reserve(changes.size());
  for (const Change& change : changes) sql.push_back(pg::Render(change, list));
  return sql;
}

}  // namespace rev::engine::schema
