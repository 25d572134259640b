// Revision scripts on PostgreSQL: errors carry the server's message, SQLSTATE and the file
// line of the error position; a failing transactional step leaves nothing behind; scripts
// that end rev's transaction are caught; Ctrl-C cancels the running statement.
#include <catch2/catch.hpp>
#include <future>
#include <thread>

#include "engine/backends/postgres_errors.h"
#include "tests/support/graph_literals.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::backends::PgByteOffset;
using namespace std::chrono_literals;

TEST_CASE("PostgreSQL's character positions become byte offsets", "[postgres][errors]") {
  const std::string ascii = "SELECT 1;\nSELECT x;";
  CHECK(PgByteOffset(ascii, 1, false) == 0);
  CHECK(PgByteOffset(ascii, 18, false) == 17);  // the x
  // é and ü are two bytes each, one character each.
  const std::string utf8 = "SELECT 'é';\nSELECT 'ü', nosuch;";
  CHECK(PgByteOffset(utf8, 25, false) == utf8.find("nosuch"));
  // A SQL_ASCII database counts bytes.
  CHECK(PgByteOffset(utf8, 27, true) == utf8.find("nosuch"));
  CHECK(PgByteOffset(utf8, 1000, false) == utf8.size());
}

TEST_CASE("a script error names the message, SQLSTATE, file and line", "[postgres][errors]") {
  engine::backends::PgError error;
  error.sqlstate = "42P01";
  error.message = "relation \"nosuch\" does not exist";
  error.position = 34;  // counted in characters: the é before it is one
  const std::string sql = "CREATE TABLE é ();\nSELECT * FROM nosuch;\n";
  Status status = engine::backends::PgScriptError(error, sql, {"revisions/a1_x.sql", 9}, false);
  CHECK(status.code() == StatusCode::kDatabase);
  CHECK(status.ToString() ==
        "revisions/a1_x.sql:10:15: relation \"nosuch\" does not exist (SQLSTATE 42P01)");
  error.position = 0;
  error.hint = "try another";
  status = engine::backends::PgScriptError(error, sql, {"revisions/a1_x.sql", 9}, false);
  CHECK(status.ToString() ==
        "revisions/a1_x.sql: relation \"nosuch\" does not exist (SQLSTATE 42P01)");
  CHECK(status.hint() == "try another");
}

TEST_CASE("PostgreSQL: a failing script reports the file line of the error position",
          "[postgres][errors]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  REQUIRE(backend->ExecuteScript("CREATE TABLE u (id int PRIMARY KEY);", {"x.sql", 1}).ok());
  // In a transaction, as a transactional step runs: the section goes as one query.
  auto transaction = backend->Begin();
  REQUIRE(transaction.ok());

  SECTION("an undefined table (no syntax error: libpqxx would drop its position)") {
    Status status = backend->ExecuteScript(
        "CREATE TABLE naïve (id int);\r\n\r\n  INSERT INTO naïve SELECT * FROM missing_table;\r\n",
        {"revisions/a1_add.sql", 12});
    INFO(status.ToString());
    CHECK(status.code() == StatusCode::kDatabase);
    CHECK(status.message() == "relation \"missing_table\" does not exist (SQLSTATE 42P01)");
    REQUIRE(status.location());
    CHECK(status.location()->file == "revisions/a1_add.sql");
    CHECK(status.location()->line == 14);
    CHECK(status.location()->column == 35);
  }
  SECTION("a syntax error") {
    Status status =
        backend->ExecuteScript("SELECT 1;\n\nCREATE TABLEE t (id int);", {"revisions/b2.sql", 5});
    INFO(status.ToString());
    CHECK(status.message().find("syntax error at or near \"TABLEE\" (SQLSTATE 42601)") == 0);
    CHECK(status.ToString().rfind("revisions/b2.sql:7:8: ", 0) == 0);
  }
  SECTION("an error without a position names the file, and the server's DETAIL") {
    Status status = backend->ExecuteScript("INSERT INTO u VALUES (1);\nINSERT INTO u VALUES (1);",
                                           {"c.sql", 3});
    INFO(status.ToString());
    CHECK(status.message().find("duplicate key value violates unique constraint \"u_pkey\" "
                                "(SQLSTATE 23505)\nDETAIL: Key (id)=(1) already exists.") == 0);
    REQUIRE(status.location());
    CHECK(status.location()->file == "c.sql");
    CHECK(status.location()->line == 0);
  }
}

TEST_CASE("PostgreSQL: a statement of a non-transactional section is located without a position",
          "[postgres][errors]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  REQUIRE(backend->ExecuteScript("CREATE TABLE u (id int PRIMARY KEY);", {"x.sql", 1}).ok());
  Status status = backend->ExecuteScript("INSERT INTO u VALUES (1);\n\nINSERT INTO u VALUES (1);",
                                         {"c.sql", 3});
  INFO(status.ToString());
  CHECK(status.ToString().rfind("c.sql:5:1: duplicate key value", 0) == 0);
  CHECK(status.message().find("(SQLSTATE 23505) (statement 2 of 2: the 1 before it ran outside a "
                              "transaction and stay done)\nDETAIL: Key (id)=(1)") !=
        std::string::npos);
  CHECK(db.Query("SELECT count(*) FROM u") == std::vector<std::string>{"1"});
}

TEST_CASE("PostgreSQL: a transactional step failing half-way leaves none of its tables",
          "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  REQUIRE(backend->AcquireMigrationLock(5s).ok());
  REQUIRE(backend->EnsureTables().ok());
  {
    auto transaction = backend->Begin();
    REQUIRE(transaction.ok());
    Status status = backend->ExecuteScript(
        "CREATE TABLE first (id int);\nCREATE TABLE second (id int);\nSELECT 1/0;", {"r.sql", 1});
    CHECK(status.message().find("22012") != std::string::npos);
    // The transaction is broken: no commit may pretend otherwise.
    Status commit = (*transaction)->Commit();
    INFO(commit.ToString());
    CHECK(commit.code() == StatusCode::kDatabase);
  }
  CHECK_FALSE(db.HasTable("first"));
  CHECK_FALSE(db.HasTable("second"));
  // The backend is usable afterwards.
  CHECK(backend->ReadHeads().ok());
  auto transaction = backend->Begin();
  REQUIRE(transaction.ok());
  REQUIRE(backend->ExecuteScript("CREATE TABLE third (id int);", {"t.sql", 1}).ok());
  REQUIRE(backend->ReplaceHeads(Ids({"a1"})).ok());
  REQUIRE((*transaction)->Commit().ok());
  CHECK(db.HasTable("third"));
  CHECK(db.Query("SELECT version_num FROM rev_version") == std::vector<std::string>{"a1"});
}

TEST_CASE("PostgreSQL: a non-transactional section runs its statements one at a time",
          "[postgres][errors]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  REQUIRE(backend->ExecuteScript("CREATE TABLE t (a int, b int, c int);", {"a.sql", 1}).ok());
  // Sent as one query, two CREATE INDEX CONCURRENTLY would share an implicit transaction.
  Status both = backend->ExecuteScript(
      "CREATE INDEX CONCURRENTLY t_a ON t (a);\n-- and ; in a comment\n"
      "CREATE INDEX CONCURRENTLY t_b ON t (b);\n",
      {"b.sql", 7});
  INFO(both.ToString());
  REQUIRE(both.ok());
  CHECK(db.Query("SELECT count(*) FROM pg_indexes WHERE tablename = 't'") ==
        std::vector<std::string>{"2"});

  // A failing statement is located in the file; those before it stay, and the error says so.
  Status third = backend->ExecuteScript(
      "CREATE INDEX CONCURRENTLY t_c ON t (c);\nCREATE INDEX CONCURRENTLY t_x ON t (nosuch);",
      {"revisions/c.sql", 10});
  INFO(third.ToString());
  CHECK(third.code() == StatusCode::kDatabase);
  CHECK(third.ToString().rfind("revisions/c.sql:11:", 0) == 0);
  CHECK(third.message().find("statement 2 of 2") != std::string::npos);
  CHECK(db.Query("SELECT count(*) FROM pg_indexes WHERE indexname = 't_c'") ==
        std::vector<std::string>{"1"});
}

TEST_CASE("PostgreSQL: CREATE INDEX CONCURRENTLY in a transactional section gets a hint",
          "[postgres][errors]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  REQUIRE(backend->ExecuteScript("CREATE TABLE t (a int);", {"a.sql", 1}).ok());
  auto transaction = backend->Begin();
  REQUIRE(transaction.ok());
  Status status = backend->ExecuteScript("CREATE INDEX CONCURRENTLY t_a ON t (a);", {"b.sql", 7});
  INFO(status.ToString() << "\nhint: " << status.hint());
  CHECK(status.message().find("25001") != std::string::npos);
  CHECK(status.hint().find("transactional: false") != std::string::npos);
}

TEST_CASE("PostgreSQL: a script may not end rev's transaction nor leave its own open",
          "[postgres][errors]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  {
    auto transaction = backend->Begin();
    REQUIRE(transaction.ok());
    Status status =
        backend->ExecuteScript("CREATE TABLE a (id int);\nCOMMIT;", {"revisions/a.sql", 4});
    INFO(status.ToString());
    CHECK(status.code() == StatusCode::kDatabase);
    CHECK(status.message().find("ended the step's transaction") != std::string::npos);
    CHECK(status.ToString().rfind("revisions/a.sql: ", 0) == 0);
  }
  Status open = backend->ExecuteScript("BEGIN;\nCREATE TABLE b (id int);", {"revisions/b.sql", 4});
  INFO(open.ToString());
  CHECK(open.code() == StatusCode::kDatabase);
  CHECK(open.message().find("left a transaction open") != std::string::npos);
  CHECK_FALSE(db.HasTable("b"));
  CHECK(backend->ExecuteScript("SELECT 1;", {"c.sql", 1}).ok());
}

TEST_CASE("PostgreSQL: Interrupt cancels the running statement", "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  auto transaction = backend->Begin();
  REQUIRE(transaction.ok());
  REQUIRE(backend->ExecuteScript("CREATE TABLE t (id int);", {"a.sql", 1}).ok());
  auto start = std::chrono::steady_clock::now();
  auto interrupter = std::async(std::launch::async, [&] {
    std::this_thread::sleep_for(300ms);
    backend->Interrupt();
  });
  Status status = backend->ExecuteScript("SELECT pg_sleep(20);", {"b.sql", 1});
  interrupter.get();
  INFO(status.ToString());
  CHECK(status.code() == StatusCode::kInterrupted);
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  transaction->reset();
  CHECK_FALSE(db.HasTable("t"));
  // Later scripts are refused; rev's own bookkeeping still works (to record the rollback).
  CHECK(backend->ExecuteScript("SELECT 1;", {"c.sql", 1}).code() == StatusCode::kInterrupted);
  CHECK(backend->ReadHeads().ok());
}

}  // namespace
}  // namespace rev::testing
