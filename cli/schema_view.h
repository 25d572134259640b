// How schemas and their changes look to a person and in --json: the one place that renders
// them (rev diff, rev schema, rev create --autogenerate, status -v).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/output.h"
#include "engine/schema/change.h"
#include "engine/schema/schema.h"

namespace rev::cli {

// [{"kind", "object", "destructive", "why_destructive"?, "note"?, "sql"?}]; "sql" when
// `sql` is given (one entry per change), a rebuild's parts carrying the rebuild's SQL.
nlohmann::json ChangesJson(const engine::schema::Changes& changes,
                           const std::vector<std::string>* sql = nullptr);

// One line per change: "  create_table users", destructive ones marked "!" and saying why.
std::vector<std::string> ChangeLines(const engine::schema::Changes& changes);

// {"tables": [{"name", "columns": [{"name", "type", "nullable", "default"}], "primary_key",
// "unique", "foreign_keys", "checks", "indexes"}], "views": [...], "objects": [...]}
nlohmann::json SchemaJson(const engine::schema::Schema& schema);

// Tables with their columns (name, type, nullable, default), keys, indexes, foreign keys;
// then views and the other objects.
std::vector<std::string> SchemaLines(const engine::schema::Schema& schema);

}  // namespace rev::cli
