// Table names in SQL text. Values always travel as bound parameters; names cannot, so they
// pass through this one helper in both backends. rev.yaml already limits table names to
// letters, digits and '_', and quoting still makes any name safe and case-exact.
#pragma once

#include <string>
#include <string_view>

namespace rev::engine::backends {

// `name` as a double-quoted SQL identifier, embedded double quotes doubled:
// rev_version -> "rev_version", a"b -> "a""b". Valid in SQLite and PostgreSQL.
std::string QuoteIdentifier(std::string_view name);

// `"schema"."name"`, or just `"name"` when `schema` is empty (PostgreSQL's search_path,
// or SQLite, which has no schemas of this kind).
std::string QualifiedName(std::string_view schema, std::string_view name);

}  // namespace rev::engine::backends
