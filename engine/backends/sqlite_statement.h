// Owning wrappers over the SQLite3 C API for the SQLite backend: a connection handle and
// prepared statements that are finalized by their destructors, bound by value, and reset
// after every use so they never hold a read lock between uses. Internal to engine/backends;
// included only by sqlite*.cpp (sqlite3 types are declared, <sqlite3.h> is not included).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "revisions/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rev::engine::backends {

struct SqliteCloser {
  void operator()(sqlite3* db) const;
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// A Status for a failed SQLite call: kInterrupted for SQLITE_INTERRUPT, kConflict for a
// constraint violation when `constraint_is_conflict`, else kDatabase; the message is
// `context` followed by SQLite's own message.
Status SqliteError(sqlite3* db, int rc, const std::string& context,
                   bool constraint_is_conflict = false);

using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;

class SqliteStatement {
 public:
  // Fails with kDatabase naming `sql`'s first words and SQLite's message.
  static Result<SqliteStatement> Prepare(sqlite3* db, const std::string& sql);

  // Runs the statement with `params` (bound as ?1, ?2, ...) to completion, calling
  // `on_row` for each row, and resets it whatever happens. On failure the Status is
  // SqliteError's with `context`.
  Status Run(const std::vector<SqlValue>& params,
             const std::function<void(const SqliteStatement&)>& on_row = {},
             bool constraint_is_conflict = false);

  // Column readers for `on_row`. NULL reads as "" / 0.
  std::string Text(int column) const;
  int64_t Int(int column) const;
  // The column as text, nullopt for NULL; and how many columns a row has.
  std::optional<std::string> Nullable(int column) const;
  int column_count() const;

  // Rows changed by the last Run (sqlite3_changes), and the rowid its INSERT assigned.
  int changes() const;
  int64_t last_insert_rowid() const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const;
  };
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string sql)
      : db_(db), stmt_(stmt), sql_(std::move(sql)) {}

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  std::string sql_;
};

}  // namespace rev::engine::backends
