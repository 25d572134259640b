// Where in a revision file a database error points: both backends turn the database's
// offset within a section into the file's line and column, the form of SPEC §3's
// `revisions/9c0d_add_x.sql:14:5: <the database's message>`.
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/backends/backend.h"

namespace rev::engine::backends {

// The file location of byte `byte_offset` of `sql`, a section starting at
// `source.first_line`: the line adds the newlines before the offset; the column (1-based)
// counts characters (UTF-8 code points, not bytes) since the line began. REQUIRES:
// byte_offset <= sql.size().
SourceLocation LocateInScript(std::string_view sql, size_t byte_offset, const ScriptSource& source);

// The offset of the first byte at or after `from` that is neither whitespace nor inside a
// `--` or `/* */` comment (sql.size() when there is none): where a statement really starts.
size_t SkipBlankSql(std::string_view sql, size_t from);

}  // namespace rev::engine::backends
