// The PostgreSQL backend against a real server: both URL forms, where passwords come from
// and that they never show, rev.yaml's session settings, schemas, a role that may only read.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "engine/backends/backend.h"
#include "tests/support/graph_literals.h"
#include "tests/support/postgres_server.h"
#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

using engine::backends::BackendOptions;
using engine::backends::DatabaseKind;
using engine::backends::OpenBackend;

TEST_CASE("PostgreSQL: connects with a URI and with a key=value string", "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  UriParts parts = PasswordUri(db);
  for (const std::string& text : {JoinUri(parts), KeyValueForm(parts)}) {
    auto backend = OpenBackend(ParsedUrl(text), Named("rev-forms"), false);
    INFO(text << "\n" << backend.status().ToString());
    REQUIRE(backend.ok());
    CHECK((*backend)->kind() == DatabaseKind::kPostgres);
    // Nothing is created by opening or reading.
    CHECK((*backend)->HasVersionTable().value() == false);
    CHECK((*backend)->ReadHeads().value().empty());
    CHECK((*backend)->ReadHistory(0).value().empty());
    CHECK(PidOf(db, "rev-forms") != "");
  }
  CHECK(db.Query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("PostgreSQL: a wrong password fails without showing it", "[postgres][security]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  UriParts parts = PasswordUri(db);
  parts.password = "Wr0ng-s3cret-pw";
  for (const std::string& text : {JoinUri(parts), KeyValueForm(parts)}) {
    engine::backends::DatabaseUrl url = ParsedUrl(text);
    CHECK(url.Redacted().find("Wr0ng-s3cret-pw") == std::string::npos);
    CHECK(url.Redacted().find("***") != std::string::npos);
    auto backend = OpenBackend(url, {}, false);
    REQUIRE_FALSE(backend.ok());
    const Status& error = backend.status();
    INFO(error.ToString() << "\nhint: " << error.hint());
    CHECK(error.code() == StatusCode::kDatabase);
    CHECK(error.message().find("password authentication failed") != std::string::npos);
    CHECK(error.message().find(url.Redacted()) != std::string::npos);
    CHECK(error.ToString().find("Wr0ng-s3cret-pw") == std::string::npos);
    CHECK(error.hint().find("Wr0ng-s3cret-pw") == std::string::npos);
  }
}

TEST_CASE("PostgreSQL: PGPASSWORD and .pgpass give the password a URL leaves out",
          "[postgres][security]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  UriParts parts = PasswordUri(db);
  const std::string password = parts.password;
  parts.password.clear();
  const engine::backends::DatabaseUrl url = ParsedUrl(JoinUri(parts));
  TempDir home;
  // Without any source of the password, libpq has none to send.
  ScopedEnv no_pgpass("PGPASSFILE", (home / "missing").string());
  CHECK_FALSE(OpenBackend(url, {}, false).ok());

  SECTION("PGPASSWORD") {
    ScopedEnv pgpassword("PGPASSWORD", password);
    auto backend = OpenBackend(url, {}, false);
    INFO(backend.status().ToString());
    CHECK(backend.ok());
  }
  SECTION(".pgpass (PGPASSFILE)") {
    std::filesystem::path file = home / "pgpass";
    WriteFile(file, parts.host + ":" + (parts.port.empty() ? "*" : parts.port) +
                        ":*:" + parts.user + ":" + password + "\n");
    REQUIRE(chmod(file.c_str(), 0600) == 0);  // libpq ignores a file others may read
    ScopedEnv pgpassfile("PGPASSFILE", file.string());
    auto backend = OpenBackend(url, {}, false);
    INFO(backend.status().ToString());
    CHECK(backend.ok());
  }
}

TEST_CASE("PostgreSQL: a server message echoing the password is redacted, in errors and history",
          "[postgres][security]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  const std::string password = PasswordUri(db).password;
  auto backend = db.Open();
  REQUIRE(backend->AcquireMigrationLock(std::chrono::seconds(5)).ok());
  REQUIRE(backend->EnsureTables().ok());
  // PostgreSQL quotes the bad value back: the connection's password is in its message.
  Status status = backend->ExecuteScript("SELECT '" + password + "'::integer;", {"r.sql", 3});
  INFO(status.ToString());
  REQUIRE(status.code() == StatusCode::kDatabase);
  CHECK(status.message().find("invalid input syntax for type integer") != std::string::npos);
  CHECK(status.message().find(password) == std::string::npos);
  CHECK(status.message().find("***") != std::string::npos);

  engine::backends::HistoryRow row;
  row.revision = "a1";
  row.direction = "upgrade";
  row.status = engine::backends::StepStatus::kFailed;
  row.started_at = "2026-01-01T00:00:00.000Z";
  row.error = status.ToString();
  row.rev_version = "0.1.0";
  row.run_by = "tester@host";
  REQUIRE(backend->AppendHistory(row).ok());
  std::vector<std::string> stored = db.Query("SELECT error FROM rev_history");
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].find(password) == std::string::npos);
}

TEST_CASE("PostgreSQL: rev.yaml's lock_timeout and statement_timeout are set on the session",
          "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  BackendOptions options = Named("rev-timeouts");
  options.lock_timeout = "150ms";
  options.statement_timeout = "400ms";
  auto backend = db.Open(options);
  // The server's view of the session, read from that very session.
  REQUIRE(backend
              ->ExecuteScript("CREATE TABLE seen AS SELECT current_setting('lock_timeout') AS lock,"
                              " current_setting('statement_timeout') AS statement;",
                              {"s.sql", 1})
              .ok());
  CHECK(db.Query("SELECT lock || ' ' || statement FROM seen") ==
        std::vector<std::string>{"150ms 400ms"});

  SECTION("a statement running longer fails with 57014") {
    Status slow = backend->ExecuteScript("SELECT 1;\nSELECT pg_sleep(5);", {"slow.sql", 10});
    INFO(slow.ToString());
    CHECK(slow.code() == StatusCode::kDatabase);
    CHECK(slow.message().find("57014") != std::string::npos);
    CHECK(slow.message().find("statement timeout") != std::string::npos);
  }
  SECTION("a table another session holds fails fast with 55P03") {
    auto other = db.Open(Named("rev-holder"));
    auto transaction = other->Begin();
    REQUIRE(transaction.ok());
    REQUIRE(other->ExecuteScript("LOCK TABLE seen IN ACCESS EXCLUSIVE MODE;", {"h.sql", 1}).ok());
    auto start = std::chrono::steady_clock::now();
    Status blocked = backend->ExecuteScript("ALTER TABLE seen ADD COLUMN x integer;", {"b.sql", 1});
    INFO(blocked.ToString());
    CHECK(blocked.code() == StatusCode::kDatabase);
    CHECK(blocked.message().find("55P03") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  }
}

TEST_CASE("PostgreSQL: a setting PostgreSQL refuses is bad config", "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  BackendOptions options;
  options.lock_timeout = "soon";
  auto backend = OpenBackend(db.url(), options, false);
  REQUIRE_FALSE(backend.ok());
  INFO(backend.status().ToString());
  CHECK(backend.status().code() == StatusCode::kInvalidInput);
  CHECK(backend.status().message().find("lock_timeout 'soon'") != std::string::npos);
}

TEST_CASE("PostgreSQL: version_table_schema puts rev's tables in that schema", "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  BackendOptions options;
  options.schema = "rev_meta";
  options.version_table = "alembic_version";
  auto backend = db.Open(options);
  CHECK(backend->HasVersionTable().value() == false);
  REQUIRE(backend->AcquireMigrationLock(std::chrono::seconds(5)).ok());
  REQUIRE(backend->EnsureTables().ok());
  CHECK(db.Query("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE "
                 "table_name IN ('alembic_version', 'rev_history', 'rev_applied') ORDER BY 1") ==
        std::vector<std::string>{"rev_meta.alembic_version", "rev_meta.rev_applied",
                                 "rev_meta.rev_history"});
  // Tables the project's SQL makes follow search_path, not the schema of rev's tables.
  REQUIRE(backend->ExecuteScript("CREATE TABLE users (id int);", {"u.sql", 1}).ok());
  CHECK(db.HasTable("users"));
  REQUIRE(backend->ReplaceHeads(Ids({"a1"})).ok());
  CHECK(db.Query("SELECT version_num FROM rev_meta.alembic_version") ==
        std::vector<std::string>{"a1"});
  // A second backend finds them there, and EnsureTables leaves them be.
  backend.reset();
  auto again = db.Open(options);
  CHECK(again->HasVersionTable().value());
  CHECK(ToNames(again->ReadHeads().value()) == Names{"a1"});
  REQUIRE(again->AcquireMigrationLock(std::chrono::seconds(5)).ok());
  CHECK(again->EnsureTables().ok());
}

TEST_CASE("PostgreSQL: search_path is set, and rev's tables go to its first schema", "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  db.Execute("CREATE SCHEMA app");
  BackendOptions options;
  options.search_path = "app, public";
  auto backend = db.Open(options);
  REQUIRE(backend->AcquireMigrationLock(std::chrono::seconds(5)).ok());
  REQUIRE(backend->EnsureTables().ok());
  REQUIRE(backend->ExecuteScript("CREATE TABLE orders (id int);", {"o.sql", 1}).ok());
  CHECK(db.Query("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE "
                 "table_schema IN ('app', 'public') ORDER BY 1") ==
        std::vector<std::string>{"app.orders", "app.rev_applied", "app.rev_history",
                                 "app.rev_version"});
}

TEST_CASE("PostgreSQL: a script that changes search_path does not move rev's tables",
          "[postgres]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  auto backend = db.Open();
  REQUIRE(backend->AcquireMigrationLock(std::chrono::seconds(5)).ok());
  REQUIRE(backend->EnsureTables().ok());
  // As a pg_dump script begins; the setting outlives the script on rev's session.
  REQUIRE(backend
              ->ExecuteScript("SELECT pg_catalog.set_config('search_path', '', false);\n"
                              "CREATE TABLE public.t (id int);",
                              {"dump.sql", 1})
              .ok());
  REQUIRE(backend->ReplaceHeads(Ids({"a1"})).ok());
  CHECK(ToNames(backend->ReadHeads().value()) == Names{"a1"});
  CHECK(backend->HasVersionTable().value());
  CHECK(db.Query("SELECT version_num FROM public.rev_version") == std::vector<std::string>{"a1"});
}

TEST_CASE("PostgreSQL: a role that may only read can read, and nothing gets created",
          "[postgres][security]") {
  if (!PostgresUnderTest()) return;
  TestDatabase db(DatabaseKind::kPostgres);
  UriParts parts = PasswordUri(db);
  const std::string role = "rev_reader_" + parts.dbname.substr(parts.dbname.size() - 8);
  db.Execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader-pw'");
  db.Execute("GRANT CONNECT ON DATABASE " + parts.dbname + " TO " + role);
  db.Execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
  UriParts reader = parts;
  reader.user = role;
  reader.password = "reader-pw";
  const engine::backends::DatabaseUrl reader_url = ParsedUrl(JoinUri(reader));

  SECTION("before rev's tables exist") {
    auto backend = OpenBackend(reader_url, {}, false);
    INFO(backend.status().ToString());
    REQUIRE(backend.ok());
    CHECK((*backend)->HasVersionTable().value() == false);
    CHECK((*backend)->ReadHeads().value().empty());
    CHECK((*backend)->ReadApplied().value().empty());
    CHECK((*backend)->ReadDirtyStep().ok());
    // A backend opened for reading refuses changes before the server is asked.
    CHECK((*backend)->AcquireMigrationLock(std::chrono::seconds(5)).code() ==
          StatusCode::kInternal);
    CHECK((*backend)->ReplaceHeads(Ids({"a1"})).code() == StatusCode::kInternal);
    // One opened for changes is refused by the server.
    auto writer = OpenBackend(reader_url, {}, true);
    REQUIRE(writer.ok());
    REQUIRE((*writer)->AcquireMigrationLock(std::chrono::seconds(5)).ok());
    Status ensure = (*writer)->EnsureTables();
    INFO(ensure.ToString());
    CHECK(ensure.code() == StatusCode::kDatabase);
    CHECK(ensure.message().find("permission denied") != std::string::npos);
  }
  SECTION("after") {
    auto owner = db.Open();
    REQUIRE(owner->AcquireMigrationLock(std::chrono::seconds(5)).ok());
    REQUIRE(owner->EnsureTables().ok());
    REQUIRE(owner->ReplaceHeads(Ids({"b2", "a1"})).ok());
    owner.reset();
    db.Execute("GRANT USAGE ON SCHEMA public TO " + role);
    db.Execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    auto backend = OpenBackend(reader_url, {}, false);
    REQUIRE(backend.ok());
    CHECK((*backend)->HasVersionTable().value());
    CHECK(ToNames((*backend)->ReadHeads().value()) == Names{"a1", "b2"});
    CHECK((*backend)->ReadHistory(10).value().empty());
    CHECK((*backend)->IsMigrationLockHeld().value() == false);
  }
  CHECK(db.Query("SELECT count(*) FROM pg_tables WHERE tableowner = '" + role + "'") ==
        std::vector<std::string>{"0"});
  db.Execute("DROP OWNED BY " + role);
  RunProcess({"psql", "-X", "-q", "-d", db.url_text(), "-c", "DROP ROLE " + role});
}

}  // namespace
}  // namespace rev::testing
