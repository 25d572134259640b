// SplitPostgresStatements: where psql would end each statement of a script.
#include "engine/backends/pg_statements.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace rev::engine::backends {
namespace {

std::vector<std::string> Split(const std::string& sql) {
  std::vector<std::string> statements;
  for (const StatementRange& range : SplitPostgresStatements(sql)) {
    statements.push_back(sql.substr(range.begin, range.end - range.begin));
  }
  return statements;
}

using Statements = std::vector<std::string>;

TEST_CASE("statements end at a semicolon, blank pieces and comments alone are left out",
          "[pg_statements]") {
  CHECK(
      Split("CREATE INDEX CONCURRENTLY a ON t (a);\nCREATE INDEX CONCURRENTLY b ON t (b);\n") ==
      Statements{"CREATE INDEX CONCURRENTLY a ON t (a);", "CREATE INDEX CONCURRENTLY b ON t (b);"});
  CHECK(Split("VACUUM t") == Statements{"VACUUM t"});
  CHECK(Split("").empty());
  CHECK(Split("  -- nothing here\n/* nor here */\n").empty());
  CHECK(Split(";;\n;").empty());
  CHECK(Split("-- first\nSELECT 1; -- trailing\n") == Statements{"SELECT 1;"});
}

TEST_CASE("a semicolon inside a literal, identifier, dollar quote or comment ends nothing",
          "[pg_statements]") {
  CHECK(Split("SELECT 'a;b', 'it''s;'; SELECT 2;") ==
        Statements{"SELECT 'a;b', 'it''s;';", "SELECT 2;"});
  CHECK(Split("SELECT E'a\\';b'; SELECT 2;") == Statements{"SELECT E'a\\';b';", "SELECT 2;"});
  // Outside E'', a backslash is an ordinary character (standard_conforming_strings).
  CHECK(Split("SELECT 'a\\'; SELECT 2;") == Statements{"SELECT 'a\\';", "SELECT 2;"});
  CHECK(Split("SELECT 1 AS \"x;\"\"y\"; SELECT 2;") ==
        Statements{"SELECT 1 AS \"x;\"\"y\";", "SELECT 2;"});
  CHECK(Split("DO $$ BEGIN PERFORM 1; END $$; SELECT 2;") ==
        Statements{"DO $$ BEGIN PERFORM 1; END $$;", "SELECT 2;"});
  CHECK(Split("DO $body$ BEGIN PERFORM '$$;'; END $body$; SELECT 2;") ==
        Statements{"DO $body$ BEGIN PERFORM '$$;'; END $body$;", "SELECT 2;"});
  CHECK(Split("SELECT 1 -- a;b\n; SELECT /* x; /* nested; */ y; */ 2;") ==
        Statements{"SELECT 1 -- a;b\n;", "SELECT /* x; /* nested; */ y; */ 2;"});
}

TEST_CASE("dollar signs that open no quote: parameters and identifiers", "[pg_statements]") {
  CHECK(Split("PREPARE p AS SELECT $1; SELECT 2;") ==
        Statements{"PREPARE p AS SELECT $1;", "SELECT 2;"});
  CHECK(Split("SELECT a$b$ FROM t; SELECT 2;") == Statements{"SELECT a$b$ FROM t;", "SELECT 2;"});
  CHECK(Split("SELECT name$ FROM t; SELECT 2;") == Statements{"SELECT name$ FROM t;", "SELECT 2;"});
}

TEST_CASE("an unterminated literal or comment runs to the end of the script", "[pg_statements]") {
  CHECK(Split("SELECT 1; SELECT 'open; SELECT 3;") ==
        Statements{"SELECT 1;", "SELECT 'open; SELECT 3;"});
  CHECK(Split("SELECT 1; /* open; SELECT 3;") == Statements{"SELECT 1;"});
  CHECK(Split("SELECT 1; DO $$ open; SELECT 3;") ==
        Statements{"SELECT 1;", "DO $$ open; SELECT 3;"});
}

TEST_CASE("ranges point into the script, after leading whitespace and comments",
          "[pg_statements]") {
  std::string sql = "\n-- why\nSELECT 1;\n\n  SELECT 2;";
  auto ranges = SplitPostgresStatements(sql);
  REQUIRE(ranges.size() == 2);
  CHECK(ranges[0].begin == sql.find("SELECT 1"));
  CHECK(ranges[1].begin == sql.find("SELECT 2"));
  CHECK(ranges[1].end == sql.size());
}

}  // namespace
}  // namespace rev::engine::backends
