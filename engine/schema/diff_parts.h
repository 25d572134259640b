// Parts of Diff (diff.h) kept apart from its matching: the order of objects by what they
// read, and the columns a PostgreSQL enum rebuild converts. Pure.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/schema/change.h"
#include "engine/schema/diff.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

// Stable: each object of `changes` (all create_ or all drop_ changes) made after the
// objects of the list it reads (depends_on) or belongs to (its table); with `drops`, the
// other way round. A cycle is broken where it is found.
void OrderByDependencies(Changes& changes, bool drops);

// The columns holding the type `qualified` ("public.mood", or an array of it) on both
// sides, as `to` has them, each with its table: tables and columns matched by name or
// rename hint (Diff runs the renames first).
std::vector<std::pair<std::string, Column>> ColumnsHoldingType(const Schema& from, const Schema& to,
                                                               const std::string& qualified,
                                                               const DiffOptions& options);

}  // namespace rev::engine::schema
