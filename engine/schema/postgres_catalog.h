// The PostgreSQL introspector's parts (postgres_introspect*.cpp). Each reads one slice of
// pg_catalog with one set-based query (never one per table: a 300-table schema reads in a
// handful of round trips) and adds it to the Schema being read. What a part learns about
// an object (its name, how COMMENT ON names it) is kept by oid, for the parts after it.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "engine/backends/backend.h"
#include "engine/schema/introspect.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema::pg {

// The schemas read: every one but pg_catalog, information_schema, pg_toast* and pg_temp*.
// A condition on `nspname` (bare column, for any alias's scope).
inline constexpr const char* kUserSchema =
    "nspname !~ '^(pg_catalog$|information_schema$|pg_toast|pg_temp)'";

// A condition true when the object `oid_column` of catalog `catalog` (pg_class, pg_proc,
// ...) does not belong to an extension.
std::string NotFromExtension(const std::string& catalog, const std::string& oid_column);

// A cell of a catalog row as text ("" for NULL); booleans read "t" and "f".
inline std::string Cell(const backends::QueryRow& row, size_t column) {
  return row[column].value_or("");
}

// "schema.name", both parts raw: how the Schema names things on PostgreSQL.
std::string Qualified(const std::string& schema, const std::string& name);
// A Schema name "schema.name" as SQL: "schema"."name" (split at the first '.').
std::string QuotedName(const std::string& qualified);
// `text` as an SQL string literal, quotes doubled.
std::string Literal(const std::string& text);

// How COMMENT ON names an object, and where its comment belongs in the Schema. The comment
// object is named by the keyword in lower case and the name: "table public.users".
struct CommentTarget {
  std::string keyword;     // "TABLE", "MATERIALIZED VIEW", "FUNCTION", ...
  std::string quoted;      // `"public"."users"`, `"t" ON "public"."users"`
  std::string name;        // the object's name in the Schema ("public.users")
  std::string table;       // the table it goes with when that is dropped; "" if none
  std::string depends_on;  // the object it is made again with; "" if none
};

struct Reader {
  backends::Backend& backend;
  const IntrospectOptions& options;
  Schema& schema;
  // (catalog, oid) → the object, for comments: "pg_class", "pg_proc", "pg_type", ...
  std::map<std::pair<std::string, std::string>, CommentTarget> targets;
  std::map<std::string, std::string> relations;  // compared pg_class oid → its name
  // Functions and views by oid → their index in schema.objects.
  std::map<std::string, size_t> functions;
  std::map<std::string, size_t> views;

  Result<std::vector<backends::QueryRow>> Query(const std::string& sql, const std::string& what,
                                                const backends::QueryParams& params = {});
  // Adds an object to the schema, in the order read.
  Object& Add(ObjectKind kind, std::string name, std::string definition);
};

// Each part; IntrospectPostgres (postgres_introspect.cpp) calls them in this order.
Status ReadRelations(Reader& reader);  // tables (columns, constraints), views, not compared
Status ReadSchemasAndExtensions(Reader& reader);
Status ReadTypes(Reader& reader);  // enums, domains
Status ReadSequences(Reader& reader);
Status ReadFunctions(Reader& reader);
Status ReadIndexes(Reader& reader);
Status ReadTriggers(Reader& reader);
Status ReadDependencies(Reader& reader);  // what views and functions read; view order
Status ReadComments(Reader& reader);
Status ReadNotCompared(Reader& reader);  // rules, policies, operators, ...

}  // namespace rev::engine::schema::pg
