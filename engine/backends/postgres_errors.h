// What PostgreSQL said when it refused something, and how rev reports it: the server's own
// message and SQLSTATE, and for a revision's script the file line (and column) the error
// position points at. Pure: the libpq calls that fill PgError live in postgres_session.cpp.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/backends/backend.h"
#include "revisions/status.h"

namespace rev::engine::backends {

// The fields of a PostgreSQL error (libpq's PG_DIAG_*). All may be empty.
struct PgError {
  std::string sqlstate;  // "42P01"
  std::string message;   // the primary message, without "ERROR:  "
  std::string detail;
  std::string hint;
  // PG_DIAG_STATEMENT_POSITION: 1-based, counted in characters of the query text (bytes
  // when the database's encoding is SQL_ASCII); 0 when the error carries none.
  int position = 0;
};

// The SQLSTATE PostgreSQL answers when a statement that cannot run in a transaction block
// (CREATE INDEX CONCURRENTLY, VACUUM, ...) shares a query with other statements.
inline constexpr const char* kActiveSqlTransaction = "25001";
inline constexpr const char* kQueryCanceled = "57014";
inline constexpr const char* kUniqueViolation = "23505";

// "ERROR:  message\n..." -> "message\n...": libpq's text of an error without its
// severity and trailing newline.
std::string StripSeverity(std::string text);

// The byte offset within `text` (UTF-8) of PostgreSQL's 1-based `position`, which counts
// characters (bytes when `positions_are_bytes`); text.size() for a position past the end.
size_t PgByteOffset(std::string_view text, int position, bool positions_are_bytes);

// "<message> (SQLSTATE <code>)<note>", followed by "\nDETAIL: <detail>" when there is one.
std::string DescribePgError(const PgError& error, const std::string& note = "");

// A statement of a section sent alone (a transactional: false section goes statement by
// statement): where it starts in the section, and what its failure leaves behind.
struct ScriptPart {
  size_t begin = 0;
  std::string note;  // e.g. " (statement 2 of 3: ...)"; added to the message
};

// A revision's script failed: kDatabase with DescribePgError's text, located at
// `source.path` and the file line and column of the error position (LocateInScript),
// hinted with the server's HINT, or, for 25001, with rev's rule for statements that cannot
// run in a transaction. For a `part`, the position counts from part->begin, and an error
// without a position is located where the statement starts; for the whole section, such an
// error names the file alone.
Status PgScriptError(const PgError& error, const std::string& sql, const ScriptSource& source,
                     bool positions_are_bytes, const ScriptPart* part = nullptr);

// A statement of rev's own failed while `what` ("reading rev_version", ...): kDatabase
// "<what>: <DescribePgError>", hinted with the server's HINT.
Status PgStatementError(const PgError& error, const std::string& what);

}  // namespace rev::engine::backends
