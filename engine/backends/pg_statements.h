// Splitting a PostgreSQL script into its statements, as psql does, for the one case that
// needs it: a `transactional: false` section. PostgreSQL runs a query of several
// statements as one implicit transaction, so CREATE INDEX CONCURRENTLY, VACUUM and the
// like fail there (SQLSTATE 25001) unless each is sent alone.
//
// A statement ends at a `;` outside string literals ('...', E'...' with backslash
// escapes), quoted identifiers ("..."), dollar quotes ($$...$$, $tag$...$tag$) and
// comments (-- to the end of the line, nested /* */). An SQL-standard function body
// (BEGIN ATOMIC ... END) holds `;` of its own: such a function belongs in a transactional
// revision, which is sent whole. Pure.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace rev::engine::backends {

// One statement: `sql.substr(begin, end - begin)`, its terminating `;` included when
// there is one.
struct StatementRange {
  size_t begin = 0;
  size_t end = 0;
};

// The statements of `sql` in order, each starting at its first byte that is not
// whitespace or comment (SkipBlankSql). Pieces holding only whitespace and comments are
// left out: an empty script has no statements. An unterminated literal or comment runs to
// the end of the script, as in psql, and the server then reports it.
std::vector<StatementRange> SplitPostgresStatements(std::string_view sql);

}  // namespace rev::engine::backends
