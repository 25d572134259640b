// The PostgreSQL introspector's objects that come before the tables: schemas, extensions,
// enums, domains, sequences and functions (postgres_catalog.h).
#include "engine/backends/sql_identifiers.h"
#include "engine/schema/postgres_catalog.h"

namespace rev::engine::schema::pg {
namespace {

using backends::QueryRow;
using backends::QuoteIdentifier;

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> items;
  if (text.empty()) return items;
  size_t start = 0;
  for (size_t end; (end = text.find(separator, start)) != std::string::npos;) {
    items.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  items.push_back(text.substr(start));
  return items;
}

std::string SchemaPart(const std::string& qualified) {
  return qualified.substr(0, qualified.find('.'));
}

void AddEnum(Reader& reader, const std::string& oid, const std::string& name,
             const std::string& labels) {
  std::vector<std::string> values = Split(labels, '\x01');
  std::string list;
  for (const std::string& value : values) list += (list.empty() ? "" : ", ") + Literal(value);
  Object& object = reader.Add(ObjectKind::kEnum, name,
                              "CREATE TYPE " + QuotedName(name) + " AS ENUM (" + list + ")");
  object.values = std::move(values);
  reader.targets[{"pg_type", oid}] = {"TYPE", QuotedName(name), name, "", name};
}

// One clause a line, so that the renderer can ALTER DOMAIN clause by clause:
//   CREATE DOMAIN "public"."email" AS text
//     COLLATE "pg_catalog"."C"
//     DEFAULT 'x'::text
//     NOT NULL
//     CONSTRAINT "email_check" CHECK ((VALUE ~~ '%@%'::text))
void AddDomain(Reader& reader, const QueryRow& row, const std::string& name) {
  std::string definition = "CREATE DOMAIN " + QuotedName(name) + " AS " + Cell(row, 5);
  if (row[8]) definition += "\n  COLLATE " + QuotedName(Qualified(Cell(row, 8), Cell(row, 9)));
  if (row[7]) definition += "\n  DEFAULT " + Cell(row, 7);
  if (Cell(row, 6) == "t") definition += "\n  NOT NULL";
  for (const std::string& check : Split(Cell(row, 10), '\x01')) {
    size_t split = check.find('\x02');
    definition +=
        "\n  CONSTRAINT " + QuoteIdentifier(check.substr(0, split)) + " " + check.substr(split + 1);
  }
  reader.Add(ObjectKind::kDomain, name, definition);
  reader.targets[{"pg_type", Cell(row, 0)}] = {"DOMAIN", QuotedName(name), name, "", name};
}

}  // namespace

Status ReadSchemasAndExtensions(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows, reader.Query("SELECT 's', n.oid, n.nspname, '' FROM pg_namespace n WHERE n." +
                                  std::string(kUserSchema) + " AND n.nspname <> 'public' AND " +
                                  NotFromExtension("pg_namespace", "n.oid") +
                                  " UNION ALL SELECT 'e', x.oid, x.extname, n.nspname "
                                  "FROM pg_extension x JOIN pg_namespace n "
                                  "ON n.oid = x.extnamespace WHERE x.extname <> 'plpgsql' "
                                  "ORDER BY 1 DESC, 2",
                              "reading the schemas and extensions"));
  for (const QueryRow& row : rows) {
    std::string name = Cell(row, 2);
    if (Cell(row, 0) == "s") {
      reader.Add(ObjectKind::kSchema, name, "CREATE SCHEMA " + QuoteIdentifier(name));
      reader.targets[{"pg_namespace", Cell(row, 1)}] = {"SCHEMA", QuoteIdentifier(name), name, "",
                                                        name};
    } else {
      // No version: an extension is compared by its presence and schema, not upgraded.
      reader.Add(ObjectKind::kExtension, name,
                 "CREATE EXTENSION IF NOT EXISTS " + QuoteIdentifier(name) + " WITH SCHEMA " +
                     QuoteIdentifier(Cell(row, 3)));
    }
  }
  return Status::Ok();
}

Status ReadTypes(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query(
          "SELECT t.oid, n.nspname, t.typname, t.typtype, (SELECT string_agg(e.enumlabel, "
          "E'\\x01' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), "
          "format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault, "
          "CASE WHEN t.typcollation <> b.typcollation THEN cn.nspname END, co.collname, "
          "(SELECT string_agg(c.conname || E'\\x02' || pg_get_constraintdef(c.oid), E'\\x01' "
          "ORDER BY c.conname) FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = "
          "'c') FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace AND n." +
              std::string(kUserSchema) +
              " LEFT JOIN pg_type b ON b.oid = t.typbasetype "
              "LEFT JOIN pg_collation co ON co.oid = t.typcollation "
              "LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace "
              "WHERE t.typtype IN ('e', 'd', 'r', 'b') AND t.typcategory <> 'A' AND " +
              NotFromExtension("pg_type", "t.oid") + " ORDER BY t.oid",
          "reading the enums and domains"));
  for (const QueryRow& row : rows) {
    std::string name = Qualified(Cell(row, 1), Cell(row, 2));
    std::string kind = Cell(row, 3);
    if (kind == "e") {
      AddEnum(reader, Cell(row, 0), name, Cell(row, 4));
    } else if (kind == "d") {
      AddDomain(reader, row, name);
    } else {
      reader.schema.not_compared.push_back((kind == "r" ? "range type " : "base type ") + name);
    }
  }
  return Status::Ok();
}

// Sequences an identity column owns are the column's (its `identity`); one a serial column
// owns is compared, its ownership a second statement of the definition that the renderer
// places once the column exists.
Status ReadSequences(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query("SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), "
                   "s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, "
                   "d.deptype, d.refobjid, a.attname "
                   "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace AND n." +
                       std::string(kUserSchema) +
                       " LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass "
                       "AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass "
                       "AND d.deptype IN ('a', 'i') "
                       "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid "
                       "AND a.attnum = d.refobjsubid WHERE " +
                       NotFromExtension("pg_class", "c.oid") + " ORDER BY c.oid",
                   "reading the sequences"));
  for (const QueryRow& row : rows) {
    if (Cell(row, 10) == "i") continue;
    std::string owner;
    if (row[10]) {
      auto table = reader.relations.find(Cell(row, 11));
      if (table == reader.relations.end()) continue;  // a table not compared (rev's own, ...)
      owner = table->second;
    }
    std::string name = Qualified(Cell(row, 1), Cell(row, 2));
    std::string definition = "CREATE SEQUENCE " + QuotedName(name) + " AS " + Cell(row, 3) +
                             " START WITH " + Cell(row, 4) + " INCREMENT BY " + Cell(row, 5) +
                             " MINVALUE " + Cell(row, 6) + " MAXVALUE " + Cell(row, 7) + " CACHE " +
                             Cell(row, 8) + (Cell(row, 9) == "t" ? " CYCLE" : " NO CYCLE");
    if (!owner.empty()) {
      definition += ";\nALTER SEQUENCE " + QuotedName(name) + " OWNED BY " + QuotedName(owner) +
                    "." + QuoteIdentifier(Cell(row, 12));
    }
    reader.Add(ObjectKind::kSequence, name, definition).table = owner;
    reader.relations[Cell(row, 0)] = name;
    reader.targets[{"pg_class", Cell(row, 0)}] = {"SEQUENCE", QuotedName(name), name, owner, name};
  }
  return Status::Ok();
}

// Named with their identity arguments ("public.f(a integer, b text)"), so overloads differ.
Status ReadFunctions(Reader& reader) {
  REV_ASSIGN_OR_RETURN(
      auto rows,
      reader.Query("SELECT p.oid, n.nspname, p.proname, "
                   "pg_get_function_identity_arguments(p.oid), p.prokind, "
                   "CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END "
                   "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n." +
                       std::string(kUserSchema) + " WHERE " + NotFromExtension("pg_proc", "p.oid") +
                       " ORDER BY p.oid",
                   "reading the functions"));
  for (const QueryRow& row : rows) {
    std::string signature = Cell(row, 2) + "(" + Cell(row, 3) + ")";
    std::string name = Qualified(Cell(row, 1), signature);
    if (Cell(row, 4) == "a") {
      reader.schema.not_compared.push_back("aggregate " + name);
      continue;
    }
    std::string definition = Cell(row, 5);
    while (!definition.empty() && (definition.back() == '\n' || definition.back() == ' ')) {
      definition.pop_back();
    }
    reader.functions[Cell(row, 0)] = reader.schema.objects.size();
    reader.Add(ObjectKind::kFunction, name, definition);
    reader.targets[{"pg_proc", Cell(row, 0)}] = {Cell(row, 4) == "p" ? "PROCEDURE" : "FUNCTION",
                                                 QuoteIdentifier(SchemaPart(name)) + "." +
                                                     QuoteIdentifier(Cell(row, 2)) + "(" +
                                                     Cell(row, 3) + ")",
                                                 name, "", name};
  }
  return Status::Ok();
}

}  // namespace rev::engine::schema::pg
