// Rename hints: the only way a rename enters a diff. In the schema file, a comment
// `-- rev:renamed-from OLD` at the end of a CREATE TABLE line renames table OLD to that
// table; at the end of a column's line it renames column OLD of the table being created.
// Without a hint a different name is a drop and an add (which Diff reports as a likely
// rename, naming this hint).
#pragma once

#include <string>
#include <vector>

#include "engine/schema/diff.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

// The hints of `schema_text` (the schema file, shown as `file`), their tables and columns
// named as in `desired` (the schema it loads to). Fails with kInvalidInput at file:line for
// a hint on a line that is neither a CREATE TABLE nor a column of one.
Result<std::vector<RenameHint>> ReadRenameHints(const std::string& schema_text,
                                                const std::string& file, const Schema& desired);

// The same renames seen from the other side, for the downgrade's diff.
std::vector<RenameHint> ReversedHints(const std::vector<RenameHint>& hints);

}  // namespace rev::engine::schema
