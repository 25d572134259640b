// The SQLite renderer. ALTER TABLE where SQLite allows it (Diff decided); otherwise the
// rebuild of sqlite.org/lang_altertable.html#otheralter: a new table from the desired
// CREATE TABLE, the rows copied, the old table dropped and the new one renamed. rev runs
// with foreign_keys off, so no row is checked against a table that is briefly missing;
// the table's indexes and triggers, and the views reading it, were dropped before and are
// made again after (Diff lists them), so the rename finds nothing that names the old table.
#include "engine/backends/sql_identifiers.h"
#include "engine/schema/render.h"
#include "engine/schema/sql_text.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace {

using backends::QuoteIdentifier;

std::string Alter(const std::string& table) {
  return "ALTER TABLE " + QuoteIdentifier(table) + " ";
}

const char* DropKeyword(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kIndex:
      return "DROP INDEX ";
    case ObjectKind::kView:
      return "DROP VIEW ";
    case ObjectKind::kTrigger:
      return "DROP TRIGGER ";
    default:
      return "-- not a SQLite object: ";
  }
}

std::string Rebuild(const Change& change) {
  const Table& table = *change.table_after;
  std::string staging = table.name + "__rev_new";
  // "CREATE TABLE name(...)": SQLite keeps the statement with its first keywords normalized.
  std::string_view after_keywords = std::string_view(table.create_sql).substr(13);
  std::string sql = "CREATE TABLE " + QuoteIdentifier(staging) + " " +
                    std::string(AfterFirstIdentifier(after_keywords)) + ";\n";
  std::vector<std::string> columns;
  for (const std::string& column : change.copied_columns)
    columns.push_back(QuoteIdentifier(column));
  if (!columns.empty()) {
    std::string list = revisions::Join(columns, ", ");
    sql += "INSERT INTO " + QuoteIdentifier(staging) + " (" + list + ") SELECT " + list + " FROM " +
           QuoteIdentifier(table.name) + ";\n";
  }
  sql += "DROP TABLE " + QuoteIdentifier(table.name) + ";\n";
  sql += Alter(staging) + "RENAME TO " + QuoteIdentifier(table.name) + ";";
  return sql;
}

std::string Render(const Change& change) {
  if (change.in_rebuild) return "";
  switch (change.kind) {
    case ChangeKind::kCreateTable:
      return change.table_after->create_sql + ";";
    case ChangeKind::kDropTable:
      return "DROP TABLE " + QuoteIdentifier(change.table) + ";";
    case ChangeKind::kRenameTable:
      return Alter(change.old_name) + "RENAME TO " + QuoteIdentifier(change.table) + ";";
    case ChangeKind::kAddColumn:
      return Alter(change.table) + "ADD COLUMN " + QuoteIdentifier(change.name) + " " +
             change.column_after->definition + ";";
    case ChangeKind::kDropColumn:
      return Alter(change.table) + "DROP COLUMN " + QuoteIdentifier(change.name) + ";";
    case ChangeKind::kRenameColumn:
      return Alter(change.table) + "RENAME COLUMN " + QuoteIdentifier(change.old_name) + " TO " +
             QuoteIdentifier(change.name) + ";";
    case ChangeKind::kRebuildTable:
      return Rebuild(change);
    case ChangeKind::kCreateObject:
      return change.object->definition + ";";
    case ChangeKind::kDropObject:
      return DropKeyword(change.object->kind) + QuoteIdentifier(change.object->name) + ";";
    default:
      // Column changes, constraints and options: always carried out by a rebuild on SQLite.
      return "-- " + change.KindName() + " " + change.ObjectName() + ": carried out by a rebuild";
  }
}

}  // namespace

std::vector<std::string> RenderSqlite(const Changes& changes) {
  std::vector<std::string> sql;
  sql.reserve(changes.size());
  for (const Change& change : changes) sql.push_back(Render(change));
  return sql;
}

}  // namespace rev::engine::schema
