// What SQLite's ALTER TABLE can do in place (sqlite.org/lang_altertable.html); anything
// else on a SQLite table is a rebuild.
#pragma once

#include <string>

#include "engine/schema/schema.h"

namespace rev::engine::schema {

// ADD COLUMN: not a PRIMARY KEY or UNIQUE column, not STORED, not NOT NULL without a
// default, and a default that is a constant (not CURRENT_TIME or an expression in
// parentheses).
bool SqliteCanAddColumn(const Column& column);

// DROP COLUMN: the column is not part of a key, a constraint, an index or a generated
// column of `table` (of `schema`). Views and triggers are made again around the change.
bool SqliteCanDropColumn(const Schema& schema, const Table& table, const std::string& column);

}  // namespace rev::engine::schema
