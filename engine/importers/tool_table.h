// What the position readers share: finding the other tool's table and reading it.
#pragma once

#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/importers/tool_position.h"

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

// The migration of `project` whose key is `version` (CompareVersions: "001" is "1"). Fails
// with kRefused when there is none: the database has a migration this project lacks.
Result<size_t> FindVersion(const ImportedProject& project, const std::string& version,
                           const std::string& table);

// The position of a linear tool whose table lists every applied migration (`applied`:
// indexes into project.migrations, in any order, repeats allowed). Fails with kRefused
// naming the migrations missing below the latest applied one, saying `fix`.
Result<ToolPosition> LinearPosition(const ImportedProject& project, std::vector<size_t> applied,
                                    const std::string& table, const std::string& fix);

}  // namespace rev::engine::importers
