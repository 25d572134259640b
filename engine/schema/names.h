// A schema's object names in SQL: SQLite's as they are, PostgreSQL's "schema.name" split
// at the first '.' and each part quoted.
#pragma once

#include <string>

#include "engine/backends/database_url.h"

namespace rev::engine::schema {

std::string QuotedName(backends::DatabaseKind kind, const std::string& name);

}  // namespace rev::engine::schema
