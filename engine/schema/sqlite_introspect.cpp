// The SQLite introspector: sqlite_schema and the catalog pragmas (sqlite.org/pragma.html),
// as table-valued functions so that each is one bound query.
#include <algorithm>
#include <map>

#include "engine/schema/introspect.h"
#include "engine/schema/sql_text.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace {

using backends::Backend;
using backends::QueryRow;

std::string Text(const QueryRow& row, size_t column) { return row[column].value_or(""); }

bool IsTableConstraint(const std::string& item) {
  std::string word = Lower(FirstIdentifier(item));
  return word == "constraint" || word == "primary" || word == "unique" || word == "check" ||
         word == "foreign";
}

// The parts of a CREATE TABLE the pragmas do not give: each column's definition text,
// the table's CHECK constraints, and what follows the body (WITHOUT ROWID, STRICT).
struct CreateTableText {
  std::map<std::string, std::string> column_definitions;  // lower-case name → definition
  std::vector<Constraint> checks;
};

CreateTableText ReadCreateTable(const std::string& sql) {
  CreateTableText text;
  for (const std::string& part : SplitTopLevel(ParenthesizedBody(sql), ',')) {
    std::string item = CollapseSpace(part);  // without the comments between the parts
    if (!IsTableConstraint(item)) {
      text.column_definitions[Lower(FirstIdentifier(item))] =
          CollapseSpace(AfterFirstIdentifier(item));
      continue;
    }
    std::string name;
    std::string_view rest = item;
    if (Lower(FirstIdentifier(item)) == "constraint") {
      rest = AfterFirstIdentifier(item);
      name = FirstIdentifier(rest);
      rest = AfterFirstIdentifier(rest);
    }
    if (Lower(FirstIdentifier(rest)) != "check") continue;  // the pragmas give the others
    Constraint check;
    check.kind = Constraint::Kind::kCheck;
    check.name = name;
    check.definition = CollapseSpace(rest);
    text.checks.push_back(std::move(check));
  }
  return text;
}

// Rows of one catalog pragma for every ordinary table of the database, by table name (the
// row without it). One query joined to pragma_table_list rather than one per table: preparing
// and running three or four queries per table was a quarter of introspecting a large schema.
using RowsByTable = std::map<std::string, std::vector<QueryRow>>;

Result<RowsByTable> ReadEveryTable(Backend& backend, const std::string& columns,
                                   const std::string& pragma, const std::string& rest,
                                   const std::string& what) {
  std::string sql = "SELECT t.name, " + columns + " FROM pragma_table_list AS t, " + pragma +
                    " WHERE t.schema = 'main' AND t.type = 'table'" + rest;
  REV_ASSIGN_OR_RETURN(auto rows, backend.Query(sql, {}, what));
  RowsByTable by_table;
  for (QueryRow& row : rows) {
    std::string table = Text(row, 0);
    row.erase(row.begin());
    by_table[table].push_back(std::move(row));
  }
  return by_table;
}

const std::vector<QueryRow>& RowsOf(const RowsByTable& rows, const std::string& table) {
  static const std::vector<QueryRow> kNone;
  auto found = rows.find(table);
  return found == rows.end() ? kNone : found->second;
}

// The catalog pragmas' rows for every table, read once.
struct PragmaRows {
  RowsByTable columns;       // table_xinfo: name, type, notnull, dflt_value, pk, hidden
  RowsByTable uniques;       // index_list (origin 'u') with index_info: index, column
  RowsByTable foreign_keys;  // foreign_key_list: id, table, from, to, on_update, on_delete
};

Result<PragmaRows> ReadPragmaRows(Backend& backend) {
  PragmaRows rows;
  REV_ASSIGN_OR_RETURN(
      rows.columns,
      ReadEveryTable(backend, "c.name, c.type, c.\"notnull\", c.dflt_value, c.pk, c.hidden",
                     "pragma_table_xinfo(t.name) AS c", " ORDER BY t.name, c.cid",
                     "reading the columns of the tables"));
  REV_ASSIGN_OR_RETURN(
      rows.uniques, ReadEveryTable(backend, "i.name, c.name",
                                   "pragma_index_list(t.name) AS i, pragma_index_info(i.name) AS c",
                                   " AND i.origin = 'u' ORDER BY t.name, i.seq, c.seqno",
                                   "reading the unique constraints of the tables"));
  REV_ASSIGN_OR_RETURN(
      rows.foreign_keys,
      ReadEveryTable(backend, "f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete",
                     "pragma_foreign_key_list(t.name) AS f", " ORDER BY t.name, f.id, f.seq",
                     "reading the foreign keys of the tables"));
  return rows;
}

void ReadColumns(const std::vector<QueryRow>& rows, const CreateTableText& text, Table* table) {
  std::vector<std::pair<int, std::string>> key;
  for (const QueryRow& row : rows) {
    Column column;
    column.name = Text(row, 0);
    column.type = Text(row, 1);
    column.not_null = Text(row, 2) == "1";
    column.default_value = row[3];
    auto definition = text.column_definitions.find(Lower(column.name));
    if (definition != text.column_definitions.end()) column.definition = definition->second;
    int hidden = std::stoi(Text(row, 5));
    if (hidden == 2 || hidden == 3) {
      column.generated = column.definition;
      column.generated_stored = hidden == 3;
    }
    int pk = std::stoi(Text(row, 4));
    if (pk > 0) key.emplace_back(pk, column.name);
    table->columns.push_back(std::move(column));
  }
  if (!key.empty()) {
    std::sort(key.begin(), key.end());
    Constraint primary;
    primary.kind = Constraint::Kind::kPrimaryKey;
    for (const auto& [position, name] : key) primary.columns.push_back(name);
    primary.definition = "PRIMARY KEY (" + revisions::Join(primary.columns, ", ") + ")";
    table->constraints.push_back(std::move(primary));
  }
}

// Each unique constraint's columns: consecutive rows of one index.
void ReadUniques(const std::vector<QueryRow>& rows, Table* table) {
  for (size_t first = 0; first < rows.size();) {
    Constraint unique;
    unique.kind = Constraint::Kind::kUnique;
    size_t next = first;
    for (; next < rows.size() && rows[next][0] == rows[first][0]; ++next) {
      unique.columns.push_back(Text(rows[next], 1));
    }
    unique.definition = "UNIQUE (" + revisions::Join(unique.columns, ", ") + ")";
    table->constraints.push_back(std::move(unique));
    first = next;
  }
}

void ReadForeignKeys(const std::vector<QueryRow>& rows, Table* table) {
  std::map<std::string, std::vector<const QueryRow*>> by_id;
  for (const QueryRow& row : rows) by_id[Text(row, 0)].push_back(&row);
  for (const auto& [id, parts] : by_id) {
    Constraint key;
    key.kind = Constraint::Kind::kForeignKey;
    key.references = Text(*parts.front(), 1);
    std::vector<std::string> to;
    for (const QueryRow* part : parts) {
      key.columns.push_back(Text(*part, 2));
      if ((*part)[3]) to.push_back(Text(*part, 3));
    }
    key.definition =
        "FOREIGN KEY (" + revisions::Join(key.columns, ", ") + ") REFERENCES " + key.references;
    if (!to.empty()) key.definition += " (" + revisions::Join(to, ", ") + ")";
    key.definition +=
        " ON UPDATE " + Text(*parts.front(), 4) + " ON DELETE " + Text(*parts.front(), 5);
    table->constraints.push_back(std::move(key));
  }
}

bool IsOwnTable(const IntrospectOptions& options, const std::string& name) {
  return std::find(options.own_tables.begin(), options.own_tables.end(), name) !=
         options.own_tables.end();
}

}  // namespace

Result<Schema> IntrospectSqlite(Backend& backend, const IntrospectOptions& options) {
  Schema schema;
  schema.kind = backends::DatabaseKind::kSqlite;
  REV_ASSIGN_OR_RETURN(auto kinds, backend.Query("SELECT name, type, wr, strict FROM "
                                                 "pragma_table_list WHERE schema = 'main'",
                                                 {}, "reading the list of tables"));
  std::map<std::string, QueryRow> table_kinds;
  for (QueryRow& row : kinds) table_kinds[Text(row, 0)] = std::move(row);
  REV_ASSIGN_OR_RETURN(auto entries,
                       backend.Query("SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                     "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                                     {}, "reading sqlite_schema"));
  REV_ASSIGN_OR_RETURN(PragmaRows pragmas, ReadPragmaRows(backend));
  int order = 0;
  std::vector<std::string> readable;  // tables and views a view or trigger may read
  for (const QueryRow& entry : entries) {
    std::string type = Text(entry, 0);
    if (type == "table" || type == "view") readable.push_back(Text(entry, 1));
  }
  for (const QueryRow& entry : entries) {
    std::string type = Text(entry, 0);
    std::string name = Text(entry, 1);
    if (type == "table") {
      if (IsOwnTable(options, name)) continue;
      const QueryRow& kind = table_kinds[name];
      std::string list_type = kind.empty() ? "table" : Text(kind, 1);
      if (list_type == "shadow") continue;  // a virtual table's storage
      if (list_type == "virtual") {
        schema.not_compared.push_back("virtual table " + name);
        continue;
      }
      Table table;
      table.name = name;
      table.create_sql = Text(entry, 3);
      std::vector<std::string> options_words;
      if (!kind.empty() && Text(kind, 2) == "1") options_words.push_back("WITHOUT ROWID");
      if (!kind.empty() && Text(kind, 3) == "1") options_words.push_back("STRICT");
      table.options = revisions::Join(options_words, ", ");
      CreateTableText text = ReadCreateTable(table.create_sql);
      ReadColumns(RowsOf(pragmas.columns, name), text, &table);
      ReadUniques(RowsOf(pragmas.uniques, name), &table);
      ReadForeignKeys(RowsOf(pragmas.foreign_keys, name), &table);
      for (Constraint& check : text.checks) table.constraints.push_back(std::move(check));
      schema.tables.push_back(std::move(table));
      continue;
    }
    if (!entry[3]) continue;  // an index SQLite made for a key: the key says it
    Object object;
    object.name = name;
    object.definition = CollapseSpace(Text(entry, 3));
    object.order = order++;
    if (type == "index") {
      object.kind = ObjectKind::kIndex;
      object.table = Text(entry, 2);
      object.depends_on = {object.table};
    } else if (type == "view" || type == "trigger") {
      object.kind = type == "view" ? ObjectKind::kView : ObjectKind::kTrigger;
      if (type == "trigger") object.table = Text(entry, 2);
      for (const std::string& other : readable) {
        if (other != name && MentionsIdentifier(object.definition, other)) {
          object.depends_on.push_back(other);
        }
      }
    } else {
      schema.not_compared.push_back(type + " " + name);
      continue;
    }
    schema.objects.push_back(std::move(object));
  }
  schema.Normalize();
  return schema;
}

}  // namespace rev::engine::schema
