#include "engine/db/postgres_errors.h"

#include "engine/db/script_location.h"

namespace rev::engine::db {
namespace {

// A UTF-8 continuation byte (10xxxxxx) does not start a character.
bool StartsCharacter(unsigned char byte) { return (byte & 0xC0) != 0x80; }

constexpr const char* kNonTransactionalHint =
    "PostgreSQL runs a query of several statements in one implicit transaction. rev sends a "
    "transactional: false section as one query, so it may hold only one statement that "
    "cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, ...): give each "
    "such statement a revision of its own with transactional: false";

}  // namespace

size_t PgByteOffset(const std::string& text, int position, bool positions_are_bytes) {
  int counted = 0;  // characters (or bytes) up to and including the one at i
  for (size_t i = 0; i < text.size(); ++i) {
    if (!positions_are_bytes && !StartsCharacter(static_cast<unsigned char>(text[i]))) continue;
    if (++counted >= position) return i;
  }
  return text.size();
}

std::string DescribePgError(const PgError& error) {
  std::string text = error.message.empty() ? "the database refused the statement" : error.message;
  if (!error.sqlstate.empty()) text += " (SQLSTATE " + error.sqlstate + ")";
  if (!error.detail.empty()) text += "\nDETAIL: " + error.detail;
  return text;
}

Status PgScriptError(const PgError& error, const std::string& sql, const ScriptSource& source,
                     bool positions_are_bytes) {
  Status status = Status::Database(DescribePgError(error));
  if (error.position > 0) {
    status.At(LocateInScript(sql, PgByteOffset(sql, error.position, positions_are_bytes), source));
  } else {
    status.At({source.path, 0, 0});
  }
  if (error.sqlstate == kActiveSqlTransaction) {
    status.WithHint(kNonTransactionalHint);
  } else if (!error.hint.empty()) {
    status.WithHint(error.hint);
  }
  return status;
}

Status PgStatementError(const PgError& error, const std::string& what) {
  Status status = Status::Database(what + ": " + DescribePgError(error));
  if (!error.hint.empty()) status.WithHint(error.hint);
  return status;
}

}  // namespace rev::engine::db
