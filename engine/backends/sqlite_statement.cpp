#include "engine/backends/sqlite_statement.h"

#include <sqlite3.h>

namespace rev::engine::backends {

void SqliteCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

void SqliteStatement::Finalizer::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

Status SqliteError(sqlite3* db, int rc, const std::string& context, bool constraint_is_conflict) {
  std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (!context.empty()) message = context + ": " + message;
  switch (rc & 0xff) {
    case SQLITE_INTERRUPT:
      return Status::Interrupted(message);
    case SQLITE_CONSTRAINT:
      if (constraint_is_conflict) return Status::Conflict(message);
      return Status::Database(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Database(message).WithHint(
          "another connection is writing to the database; retry when it is done");
    default:
      return Status::Database(message);
  }
}

Result<SqliteStatement> SqliteStatement::Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  SqliteStatement statement(db, raw, sql);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "preparing " + sql.substr(0, 60));
  return statement;
}

Status SqliteStatement::Run(const std::vector<SqlValue>& params,
                            const std::function<void(const SqliteStatement&)>& on_row,
                            bool constraint_is_conflict) {
  sqlite3_stmt* stmt = stmt_.get();
  struct ResetOnExit {
    sqlite3_stmt* stmt;
    ~ResetOnExit() {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    }
  } reset{stmt};
  for (size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    if (const auto* text = std::get_if<std::string>(&params[i])) {
      rc = sqlite3_bind_text(stmt, index, text->data(), static_cast<int>(text->size()),
                             SQLITE_TRANSIENT);
    } else if (const auto* number = std::get_if<int64_t>(&params[i])) {
      rc = sqlite3_bind_int64(stmt, index, *number);
    } else {
      rc = sqlite3_bind_null(stmt, index);
    }
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "binding a value");
  }
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    if (on_row) on_row(*this);
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, rc, "", constraint_is_conflict);
  return Status::Ok();
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)));
}

std::optional<std::string> SqliteStatement::Nullable(int column) const {
  if (sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL) return std::nullopt;
  return Text(column);
}

int SqliteStatement::column_count() const { return sqlite3_column_count(stmt_.get()); }

int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

int SqliteStatement::changes() const { return sqlite3_changes(db_); }

int64_t SqliteStatement::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

}  // namespace rev::engine::backends
