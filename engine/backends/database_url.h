// DatabaseUrl: where the database is, parsed once. Its only printable form is Redacted():
// a password never reaches output, a log line, an error or a child's command line.
//
//   sqlite:///relative.db      relative to the project folder (rev.yaml's)
//   sqlite:////abs/path.db     absolute
//   sqlite://:memory:          a private in-memory database (tests, --sql previews)
//   postgresql://user:pass@host:port/db?sslmode=...   (also postgres://)
//   postgresql://...?schema=tenant_42   rev's tables and the revisions' objects in that schema
//   host=... dbname=... user=... password=...         libpq key=value strings
#pragma once

#include <filesystem>
#include <string>

#include "revisions/result.h"

namespace rev::engine::backends {

enum class DatabaseKind { kSqlite, kPostgres };

const char* DatabaseKindName(DatabaseKind kind);  // "sqlite" / "postgresql"

class DatabaseUrl {
 public:
  // Parses `text`; relative SQLite paths are taken from `project_root`. Fails with
  // kInvalidInput (the message shows the URL redacted) for an unknown scheme, an empty
  // path, a malformed URI, or a `schema=` parameter that is not a plain schema name (1-63
  // letters, digits and '_', not starting with a digit or `pg_`) or is given twice.
  static Result<DatabaseUrl> Parse(const std::string& text,
                                   const std::filesystem::path& project_root);

  // A SQLite database file rev names itself (a backup's copy, a journal key): `file` made
  // absolute, and its URL `sqlite:////abs/path`, without a text round trip.
  static DatabaseUrl ForSqliteFile(const std::filesystem::path& file);

  // PostgreSQL: this URL naming database `name` instead (a scratch database on the same
  // server, same user and password). REQUIRES: kind() is kPostgres; `name` is [a-z0-9_].
  DatabaseUrl WithDatabaseName(const std::string& name) const;

  DatabaseKind kind() const { return kind_; }

  // SQLite: the database file (":memory:" for an in-memory database).
  const std::filesystem::path& sqlite_path() const { return sqlite_path_; }
  bool in_memory() const { return sqlite_path_ == ":memory:"; }

  // PostgreSQL: the schema a URI names with `?schema=NAME` (decoded, checked), else "".
  // libpq knows no such parameter: it is left out of connection_string(), and kept in
  // Redacted(), so two schemas of one database are two targets.
  const std::string& schema() const { return schema_; }

  // PostgreSQL: what libpq is given, password included. Never print it.
  const std::string& connection_string() const { return connection_string_; }
  // The password written in the URL, if any (for a child process's environment).
  const std::string& password() const { return password_; }
  // connection_string() without its password (the URI's `:password` and `password=`
  // parameter, or the key=value `password`): what a child process (pg_dump) may be given
  // on its command line, with password() passed through its environment.
  const std::string& connection_string_without_password() const {
    return connection_string_without_password_;
  }

  // The URL with any password shown as ***: the form for output, logs and the journal.
  const std::string& Redacted() const { return redacted_; }

  // `text` (a driver's message) with the password, as written in the URL and as decoded,
  // shown as ***.
  std::string RedactMessage(std::string text) const;

 private:
  DatabaseKind kind_ = DatabaseKind::kSqlite;
  std::filesystem::path sqlite_path_;
  std::string connection_string_;
  std::string connection_string_without_password_;
  std::string password_;      // decoded
  std::string raw_password_;  // as written (percent-encoded in a URI)
  std::string redacted_;
  std::string schema_;
};

// Replaces every occurrence of `password` (when non-empty) in `text` by ***. Used on
// driver messages, which sometimes echo the connection string.
std::string RedactSecret(std::string text, const std::string& password);

}  // namespace rev::engine::backends
