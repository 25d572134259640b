// Schema: the catalog of one database as a plain value, read back by an introspector
// (introspect.h) after the database itself parsed the SQL. rev's own tables are left out.
//
// Tables are kept structured (columns, constraints), because a change to them becomes
// ALTER TABLE. Every other object (index, view, trigger, function, type, ...) is kept as
// the SQL the database gives back for it: it is created, dropped or replaced whole, and two
// are the same when that text is. Names are as the database spells them; on PostgreSQL
// they are qualified by their schema ("public.users").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"

namespace rev::engine::schema {

struct Column {
  std::string name;
  std::string type;  // as the database shows it: "INTEGER", "character varying(20)"
  bool not_null = false;
  std::optional<std::string> default_value;  // the expression's text
  std::string collation;                     // "" = the type's default
  std::string generated;                     // the generation expression; "" = not generated
  bool generated_stored = false;             // GENERATED ... STORED (else VIRTUAL, SQLite)
  std::string identity;                      // PostgreSQL: "ALWAYS", "BY DEFAULT" or ""
  // SQLite: the column's definition as the CREATE TABLE text writes it, without its name and
  // with white space collapsed; it catches what the pragmas do not show (COLLATE,
  // GENERATED, an inline CHECK or REFERENCES). "" on PostgreSQL.
  std::string definition;

  bool operator==(const Column& other) const;
  bool operator!=(const Column& other) const { return !(*this == other); }
};

// PRIMARY KEY, UNIQUE, CHECK, FOREIGN KEY and EXCLUDE constraints.
struct Constraint {
  enum class Kind { kPrimaryKey, kUnique, kCheck, kForeignKey, kExclude };
  Kind kind = Kind::kCheck;
  std::string name;                  // "" where the database keeps none (SQLite, unnamed)
  std::string definition;            // canonical: "UNIQUE (a, b)", "CHECK (x > 0)", ...
  std::vector<std::string> columns;  // the table's columns it names (none known: empty)
  std::string references;            // a foreign key's referenced table

  // Same kind, name and definition.
  bool operator==(const Constraint& other) const;
};

const char* ConstraintKindName(Constraint::Kind kind);  // "primary_key", "unique", ...

struct Table {
  std::string name;
  std::vector<Column> columns;  // in the database's order
  std::vector<Constraint> constraints;
  std::string options;     // SQLite: "WITHOUT ROWID", "STRICT"; "" for none
  std::string create_sql;  // SQLite: the CREATE TABLE text the catalog holds

  const Column* FindColumn(const std::string& column) const;
};

// Everything kept as its SQL.
enum class ObjectKind {
  kSchema,
  kExtension,
  kEnum,
  kDomain,
  kSequence,
  kFunction,
  kIndex,
  kView,
  kMaterializedView,
  kTrigger,
  kComment,
};

const char* ObjectKindName(ObjectKind kind);  // "index", "materialized_view", ...

struct Object {
  ObjectKind kind = ObjectKind::kIndex;
  std::string name;
  std::string table;       // the table an index or trigger belongs to; "" otherwise
  std::string definition;  // the SQL that creates it, as the database gives it back
  // The tables and views it reads (views, indexes, triggers), when the catalog says so; a
  // view is dropped and made again around a change to any of them.
  std::vector<std::string> depends_on;
  std::vector<std::string> values;  // an enum's labels, in order
  int order = 0;                    // the order the catalog created it in (views, triggers)
};

struct Schema {
  backends::DatabaseKind kind = backends::DatabaseKind::kSqlite;
  std::vector<Table> tables;    // sorted by name
  std::vector<Object> objects;  // sorted by kind, then name
  // Objects rev read but cannot compare yet ("rule public.r"): warned about, never skipped
  // silently.
  std::vector<std::string> not_compared;

  const Table* FindTable(const std::string& name) const;
  const Object* FindObject(ObjectKind wanted_kind, const std::string& name) const;
  // Sorts tables and objects, so that two reads of the same catalog are equal values.
  void Normalize();
};

// `tables` in an order where each comes after those of them its foreign keys reference (a
// cycle is broken where it is found): the order to make them in, reversed to drop them.
std::vector<const Table*> InReferenceOrder(std::vector<const Table*> tables);

}  // namespace rev::engine::schema
