#include "engine/backends/postgres_errors.h"

#include <cstring>

#include "engine/backends/script_location.h"

namespace rev::engine::backends {
namespace {

// A UTF-8 continuation byte (10xxxxxx) does not start a character.
bool StartsCharacter(unsigned char byte) { return (byte & 0xC0) != 0x80; }

constexpr const char* kNonTransactionalHint =
    "CREATE INDEX CONCURRENTLY, VACUUM and the like cannot run in a transaction: mark the "
    "revision `transactional: false` (rev then runs its statements one at a time, outside "
    "a transaction)";

}  // namespace

std::string StripSeverity(std::string text) {
  for (const char* prefix : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
    if (text.rfind(prefix, 0) == 0) {
      text.erase(0, std::strlen(prefix));
      break;
    }
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

size_t PgByteOffset(std::string_view text, int position, bool positions_are_bytes) {
  int counted = 0;  // characters (or bytes) up to and including the one at i
  for (size_t i = 0; i < text.size(); ++i) {
    if (!positions_are_bytes && !StartsCharacter(static_cast<unsigned char>(text[i]))) continue;
    if (++counted >= position) return i;
  }
  return text.size();
}

std::string DescribePgError(const PgError& error, const std::string& note) {
  std::string text = error.message.empty() ? "the database refused the statement" : error.message;
  if (!error.sqlstate.empty()) text += " (SQLSTATE " + error.sqlstate + ")";
  text += note;
  if (!error.detail.empty()) text += "\nDETAIL: " + error.detail;
  return text;
}

Status PgScriptError(const PgError& error, const std::string& sql, const ScriptSource& source,
                     bool positions_are_bytes, const ScriptPart* part) {
  const size_t begin = part != nullptr ? part->begin : 0;
  Status status = Status::Database(DescribePgError(error, part != nullptr ? part->note : ""));
  if (error.position > 0) {
    std::string_view statement = std::string_view(sql).substr(begin);
    size_t offset = begin + PgByteOffset(statement, error.position, positions_are_bytes);
    status.At(LocateInScript(sql, offset, source));
  } else if (part != nullptr) {
    status.At(LocateInScript(sql, begin, source));
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

}  // namespace rev::engine::backends
