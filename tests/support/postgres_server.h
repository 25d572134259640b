// Helpers of the PostgreSQL-only tests (db_postgres_*_test.cpp), on top of TestDatabase: a
// fresh database per test, URLs in both libpq forms, and reading the server's own view of
// a session (pg_stat_activity) through psql, outside rev.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// The parts of a postgresql://user:password@host:port/dbname URI.
struct UriParts {
  std::string user, password, host, port, dbname;
};

inline UriParts SplitUri(const std::string& uri) {
  UriParts parts;
  size_t start = uri.find("://");
  REQUIRE(start != std::string::npos);
  std::string rest = uri.substr(start + 3);
  size_t query = rest.find('?');
  if (query != std::string::npos) rest.resize(query);
  size_t at = rest.rfind('@');
  if (at != std::string::npos) {
    std::string userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    size_t colon = userinfo.find(':');
    parts.user = userinfo.substr(0, colon);
    if (colon != std::string::npos) parts.password = userinfo.substr(colon + 1);
  }
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  if (slash != std::string::npos) parts.dbname = rest.substr(slash + 1);
  size_t colon = hostport.rfind(':');
  parts.host = hostport.substr(0, colon);
  if (colon != std::string::npos) parts.port = hostport.substr(colon + 1);
  return parts;
}

inline std::string JoinUri(const UriParts& parts) {
  std::string uri = "postgresql://" + parts.user;
  if (!parts.password.empty()) uri += ":" + parts.password;
  uri += "@" + parts.host;
  if (!parts.port.empty()) uri += ":" + parts.port;
  return uri + "/" + parts.dbname;
}

// The same connection as a libpq key=value string.
inline std::string KeyValueForm(const UriParts& parts) {
  std::string text = "host=" + parts.host + " dbname=" + parts.dbname + " user=" + parts.user;
  if (!parts.port.empty()) text += " port=" + parts.port;
  if (!parts.password.empty()) text += " password='" + parts.password + "'";
  return text;
}

// The test database's URI; fails the test unless it carries a password (password handling
// is under test: scripts/test.sh's server asks for one over TCP).
inline UriParts PasswordUri(const TestDatabase& db) {
  UriParts parts = SplitUri(db.url_text());
  INFO("REV_TEST_POSTGRES_URL must be a postgresql:// URI with a password");
  REQUIRE(!parts.password.empty());
  return parts;
}

inline engine::backends::BackendOptions Named(const std::string& application_name) {
  engine::backends::BackendOptions options;
  options.application_name = application_name;
  return options;
}

// psql outside rev, without Catch2 assertions (safe from another thread): the rows as "a|b"
// lines, or nothing when psql fails.
inline std::vector<std::string> PsqlRows(const std::string& url, const std::string& sql) {
  ProcessResult result = RunProcess(
      {"psql", "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql});
  if (result.exit_code != 0) return {};
  return SplitLines(result.out);
}

// The pid of the session of the test database whose application_name is `name` ("" when
// there is none).
inline std::string PidOf(const TestDatabase& db, const std::string& name) {
  std::vector<std::string> rows =
      db.Query("SELECT pid FROM pg_stat_activity WHERE application_name = '" + name +
               "' AND datname = current_database()");
  return rows.size() == 1 ? rows.front() : "";
}

}  // namespace rev::testing
