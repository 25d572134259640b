// The PostgreSQL introspector: pg_catalog read with a handful of set-based queries
// (postgres_catalog.h), every schema but the system ones, rev's own tables and whatever
// belongs to an extension left out. This file reads the relations (tables with their
// columns and constraints, views) and calls the other parts.
#include <cctype>

#include "engine/backends/sql_identifiers.h"
#include "engine/schema/postgres_catalog.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace pg {
namespace {

using backends::QueryRow;

constexpr char kListSeparator = '\x01';  // between the names of a constraint's columns

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  size_t start = 0;
  for (size_t end; (end = text.find(kListSeparator, start)) != std::string::npos;) {
    items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  items.push_back(text.substr(start));
  return items;
}

// rev's own table names as a PostgreSQL text[] literal, bound as $1.
std::string OwnTablesArray(const IntrospectOptions& options) {
  std::vector<std::string> quoted;
  for (const std::string& name : options.own_tables) {
    std::string item = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') item += '\\';
      item += c;
    }
    quoted.push_back(item + "\"");
  }
  return "{" + revisions::Join(quoted, ",") + "}";
}

Status ReadColumns(Reader& reader, std::map<std::string, Table*>& tables) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query("SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), "
                   "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
                   "CASE WHEN a.attcollation <> t.typcollation THEN cn.nspname END, co.collname, "
                   "a.attidentity, a.attgenerated "
                   "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r' "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace AND n." +
                       std::string(kUserSchema) +
                       " JOIN pg_type t ON t.oid = a.atttypid "
                       "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                       "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                       "LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace "
                       "WHERE a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum",
                   "reading the columns"));
  for (const QueryRow& row : rows) {
    auto table = tables.find(Cell(row, 0));
    if (table == tables.end()) continue;
    Column column;
    column.name = Cell(row, 1);
    column.type = Cell(row, 2);
    column.not_null = Cell(row, 3) == "t";
    if (row[5]) column.collation = Qualified(Cell(row, 5), Cell(row, 6));
    std::string identity = Cell(row, 7);
    if (identity == "a") column.identity = "ALWAYS";
    if (identity == "d") column.identity = "BY DEFAULT";
    if (Cell(row, 8) == "s") {
      column.generated = Cell(row, 4);
      column.generated_stored = true;
    } else {
      column.default_value = row[4];
    }
    table->second->columns.push_back(std::move(column));
  }
  return Status::Ok();
}

Constraint::Kind ConstraintKind(const std::string& contype) {
  if (contype == "p") return Constraint::Kind::kPrimaryKey;
  if (contype == "u") return Constraint::Kind::kUnique;
  if (contype == "f") return Constraint::Kind::kForeignKey;
  if (contype == "x") return Constraint::Kind::kExclude;
  return Constraint::Kind::kCheck;
}

// NOT NULL is a column's property (attnotnull), not one of these.
Status ReadConstraints(Reader& reader, std::map<std::string, Table*>& tables) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query(
          "SELECT con.conrelid, con.oid, con.conname, con.contype, "
          "pg_get_constraintdef(con.oid), (SELECT string_agg(a.attname, E'\\x01' ORDER BY k.i) "
          "FROM unnest(con.conkey) WITH ORDINALITY k(num, i) JOIN pg_attribute a "
          "ON a.attrelid = con.conrelid AND a.attnum = k.num), rn.nspname, rc.relname "
          "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid AND c.relkind = 'r' "
          "JOIN pg_namespace n ON n.oid = c.relnamespace AND n." +
              std::string(kUserSchema) +
              " LEFT JOIN pg_class rc ON rc.oid = con.confrelid "
              "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
              "WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') ORDER BY con.conrelid, con.conname",
          "reading the constraints"));
  for (const QueryRow& row : rows) {
    auto table = tables.find(Cell(row, 0));
    if (table == tables.end()) continue;
    Constraint constraint;
    constraint.kind = ConstraintKind(Cell(row, 3));
    constraint.name = Cell(row, 2);
    constraint.definition = Cell(row, 4);
    constraint.columns = SplitList(Cell(row, 5));
    if (constraint.kind == Constraint::Kind::kForeignKey) {
      constraint.references = Qualified(Cell(row, 6), Cell(row, 7));
    }
    const std::string& table_name = table->second->name;
    reader.targets[{"pg_constraint", Cell(row, 1)}] = {
        "CONSTRAINT", backends::QuoteIdentifier(constraint.name) + " ON " + QuotedName(table_name),
        table_name + "." + constraint.name, table_name, ""};
    table->second->constraints.push_back(std::move(constraint));
  }
  return Status::Ok();
}

// "CREATE VIEW name AS <select>" from pg_get_viewdef's text (which ends with ';').
std::string ViewDefinition(const std::string& keyword, const std::string& name,
                           const std::string& options, std::string select) {
  while (!select.empty() && (select.back() == ';' || std::isspace(select.back()))) {
    select.pop_back();
  }
  size_t start = select.find_first_not_of(" \n");
  std::string definition = "CREATE " + keyword + " " + QuotedName(name);
  if (!options.empty()) definition += " WITH (" + options + ")";
  return definition + " AS\n" + select.substr(start == std::string::npos ? 0 : start);
}

// What a relation of ReadRelations' query is when rev does not compare it ("partitioned
// table"), or "" when it does.
std::string NotComparedAs(const QueryRow& row) {
  std::string kind = Cell(row, 3);
  if (kind == "p") return "partitioned table";
  if (kind == "f") return "foreign table";
  if (kind == "c") return "type";
  if (kind == "r" && Cell(row, 5) == "t") return "partition";
  if (kind == "r" && Cell(row, 6) == "t") return "inherited table";
  return "";
}

void AddView(Reader& reader, const QueryRow& row, const std::string& oid, const std::string& name) {
  bool view = Cell(row, 3) == "v";
  const char* keyword = view ? "VIEW" : "MATERIALIZED VIEW";
  reader.views[oid] = reader.schema.objects.size();
  reader.Add(view ? ObjectKind::kView : ObjectKind::kMaterializedView, name,
             ViewDefinition(keyword, name, Cell(row, 7), Cell(row, 10)));
  reader.relations[oid] = name;
  reader.targets[{"pg_class", oid}] = {keyword, QuotedName(name), name, "", name};
}

}  // namespace

Status ReadRelations(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query("SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, "
                   "c.relispartition, EXISTS (SELECT FROM pg_inherits h WHERE h.inhrelid = c.oid), "
                   "array_to_string(c.reloptions, ', '), c.relrowsecurity, c.relname = ANY($1), "
                   "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END "
                   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n." +
                       std::string(kUserSchema) +
                       " WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'c') AND " +
                       NotFromExtension("pg_class", "c.oid") + " ORDER BY c.oid",
                   "reading the tables and views", {OwnTablesArray(reader.options)}));
  std::map<std::string, Table*> tables;
  reader.schema.tables.reserve(rows.size());
  for (const QueryRow& row : rows) {
    std::string oid = Cell(row, 0);
    std::string name = Qualified(Cell(row, 1), Cell(row, 2));
    std::string kind = Cell(row, 3);
    if (kind == "r" && Cell(row, 9) == "t") continue;  // rev's own
    if (std::string what = NotComparedAs(row); !what.empty()) {
      reader.schema.not_compared.push_back(what + " " + name);
      continue;
    }
    if (kind == "v" || kind == "m") {
      AddView(reader, row, oid, name);
      continue;
    }
    if (Cell(row, 8) == "t") reader.schema.not_compared.push_back("row level security on " + name);
    Table table;
    table.name = name;
    if (Cell(row, 4) == "u") table.options = "UNLOGGED";
    if (!Cell(row, 7).empty()) {
      table.options += (table.options.empty() ? "WITH (" : " WITH (") + Cell(row, 7) + ")";
    }
    reader.schema.tables.push_back(std::move(table));
    tables[oid] = &reader.schema.tables.back();
    reader.relations[oid] = name;
    reader.targets[{"pg_class", oid}] = {"TABLE", QuotedName(name), name, name, ""};
  }
  REV_RETURN_IF_ERROR(ReadColumns(reader, tables));
  return ReadConstraints(reader, tables);
}

std::string NotFromExtension(const std::string& catalog, const std::string& oid_column) {
  return "NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = '" + catalog +
         "'::regclass AND e.objid = " + oid_column + " AND e.deptype = 'e')";
}

std::string Qualified(const std::string& schema, const std::string& name) {
  return schema + "." + name;
}

std::string QuotedName(const std::string& qualified) {
  size_t dot = qualified.find('.');
  if (dot == std::string::npos) return backends::QuoteIdentifier(qualified);
  return backends::QualifiedName(qualified.substr(0, dot), qualified.substr(dot + 1));
}

std::string Literal(const std::string& text) {
  std::string literal = "'";
  for (char c : text) {
    if (c == '\'') literal += '\'';
    literal += c;
  }
  return literal + "'";
}

Result<std::vector<backends::QueryRow>> Reader::Query(const std::string& sql,
                                                      const std::string& what,
                                                      const backends::QueryParams& params) {
  return backend.Query(sql, params, "reading the catalog: " + what);
}

Object& Reader::Add(ObjectKind kind, std::string name, std::string definition) {
  Object object;
  object.kind = kind;
  object.name = std::move(name);
  object.definition = std::move(definition);
  object.order = static_cast<int>(schema.objects.size());
  schema.objects.push_back(std::move(object));
  return schema.objects.back();
}

}  // namespace pg

Result<Schema> IntrospectPostgres(backends::Backend& backend, const IntrospectOptions& options) {
  Schema schema;
  schema.kind = backends::DatabaseKind::kPostgres;
  pg::Reader reader{backend, options, schema, {}, {}, {}, {}};
  for (Status (*part)(pg::Reader&) :
       {pg::ReadRelations, pg::ReadSchemasAndExtensions, pg::ReadTypes, pg::ReadSequences,
        pg::ReadFunctions, pg::ReadIndexes, pg::ReadTriggers, pg::ReadDependencies,
        pg::ReadComments, pg::ReadNotCompared}) {
    REV_RETURN_IF_ERROR(part(reader));
  }
  schema.Normalize();
  return schema;
}

}  // namespace rev::engine::schema
