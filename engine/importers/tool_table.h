// What the position readers share: finding the other tool's table and reading it.
#pragma once

#include <string>
#include <vector>

#include "engine/backends/backend.h"

namespace rev::engine::importers {

// Whether `table` exists: on SQLite in the main database, on PostgreSQL as the search path
// finds it (`name` unqualified) or in its schema (`schema.name`).
Result<bool> ToolTableExists(backends::Backend& backend, const std::string& table);

// Runs a query that reads the tool's table. `sql` uses $1, $2 ... for its values, which
// both SQLite and PostgreSQL bind by position.
Result<std::vector<backends::QueryRow>> ReadToolTable(backends::Backend& backend,
                                                      const std::string& sql,
                                                      const backends::QueryParams& params,
                                                      const std::string& table);

}  // namespace rev::engine::importers
