// What only PostgreSQL has, through the built binary: CREATE INDEX CONCURRENTLY in a
// non-transactional revision, a role that may only read, and a password that never
// appears. (Every other online behaviour is tested on both kinds by the other db_*
// suites.) Runs when PostgreSQL is under test (see tests/support/test_database.h).
#include <catch2/catch.hpp>
#include <random>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

// `url` (a postgresql:// URI) with its user and password replaced.
std::string WithCredentials(const std::string& url, const std::string& user,
                            const std::string& password) {
  size_t scheme = url.find("://");
  REQUIRE(scheme != std::string::npos);
  size_t host = url.find('@', scheme);
  size_t start = scheme + 3;
  std::string rest = host == std::string::npos ? url.substr(start) : url.substr(host + 1);
  return url.substr(0, start) + user + ":" + password + "@" + rest;
}

std::string UserOf(const std::string& url) {
  size_t start = url.find("://") + 3;
  size_t end = url.find_first_of(":@", start);
  return url.substr(start, end - start);
}

std::string RandomSuffix() {
  std::random_device device;
  return std::to_string(device() % 1000000);
}

TEST_CASE("CREATE INDEX CONCURRENTLY runs in a non-transactional revision, several in one",
          "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  Rev index{"b",
            {"a"},
            "CREATE INDEX CONCURRENTLY t1_x ON t1 (x);\n"
            "CREATE INDEX CONCURRENTLY t1_y ON t1 (y);\n",
            "DROP INDEX CONCURRENTLY t1_x;\nDROP INDEX CONCURRENTLY t1_y;\n"};
  index.transactional = false;
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER, y INTEGER);", "DROP TABLE t1;"}, index});
  auto up = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(up, 0);
  CHECK(p.Query("SELECT indexname FROM pg_indexes WHERE tablename = 't1' ORDER BY 1") ==
        Lines{"t1_x", "t1_y"});
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade applied"});
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "a"}), 0);
  CHECK(p.Query("SELECT count(*) FROM pg_indexes WHERE tablename = 't1'") == Lines{"0"});
}

TEST_CASE("reading commands work for a role that may only read", "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
  std::string role = "rev_reader_" + RandomSuffix();
  std::string database = p.Query("SELECT current_database()").at(0);
  p.db().Execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader-pw'");
  p.db().Execute("GRANT CONNECT ON DATABASE " + database + " TO " + role);
  p.db().Execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
  std::string reader = WithCredentials(p.db().url_text(), role, "reader-pw");

  for (const Lines& args : {Lines{"current"}, Lines{"status"}, Lines{"log"},
                            Lines{"validate", "--db"}, Lines{"upgrade", "--dry-run"}}) {
    Lines with_url = args;
    with_url.insert(with_url.end(), {"-d", reader});
    INFO(args[0]);
    REV_CHECK_EXIT(p.Rev(with_url), 0);
  }
  auto status = JsonOf(p.Rev({"status", "--json", "-d", reader}));
  CHECK(status["current"] == nlohmann::json::array({"a"}));
  CHECK(status["pending"] == nlohmann::json::array({"b"}));
  auto change = p.Rev({"upgrade", "-d", reader});
  REV_CHECK_EXIT(change, 1);  // the role may not change anything
  CHECK(p.Heads() == Lines{"a"});
  p.db().Execute("DROP OWNED BY " + role);
  p.db().Execute("DROP ROLE " + role);
}

TEST_CASE("a password never appears in output, errors or the history", "[cli][db][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "SELECT * FROM no_such_table;", "SELECT 1;"}});
  const std::string wrong = "Wr0ng-S3cret-" + RandomSuffix();
  std::string bad_url = WithCredentials(p.db().url_text(), UserOf(p.db().url_text()), wrong);
  for (const Lines& args : {Lines{"status"}, Lines{"upgrade"}, Lines{"upgrade", "-v"},
                            Lines{"status", "--json"}, Lines{"validate", "--db", "--json"}}) {
    Lines with_url = args;
    with_url.insert(with_url.end(), {"-d", bad_url});
    auto result = p.Rev(with_url);
    INFO(args[0]);
    REV_CHECK_EXIT(result, 1);  // the server asks for a password (scram), this one is wrong
    CHECK_THAT(result.out + result.err, !Contains(wrong));
  }

  const std::string password = p.db().url().password();
  INFO("REV_TEST_POSTGRES_URL must carry a password for this test");
  REQUIRE(password.size() >= 3);
  auto up = p.Rev({"upgrade", "-v"});
  REV_CHECK_EXIT(up, 1);  // b fails: its error goes through the same redaction
  CHECK_THAT(up.out, Contains("database: postgresql://") && Contains("***"));
  CHECK_THAT(up.out + up.err, !Contains(password));
  for (const Lines& args : {Lines{"status", "-v"}, Lines{"log", "-v"}, Lines{"log", "--json"},
                            Lines{"current", "-v"}, Lines{"validate", "--db", "-v"}}) {
    auto result = p.Rev(args);
    INFO(args[0]);
    CHECK_THAT(result.out + result.err, !Contains(password));
  }
  Lines rows = p.Query("SELECT t::text FROM rev_history t");
  REQUIRE(rows.size() == 2);
  for (const std::string& row : rows) CHECK_THAT(row, !Contains(password));
}

}  // namespace
}  // namespace rev::testing
