// DatabaseUrl: the URL forms of SPEC §1, and that a password never shows; the history
// helpers; where a script error points in a revision file.
#include <catch2/catch.hpp>

#include "engine/backends/database_url.h"
#include "engine/backends/history.h"
#include "engine/backends/script_location.h"
#include "engine/backends/sql_identifiers.h"
#include "tests/support/graph_literals.h"
#include "tests/support/test_database.h"

namespace rev::engine::backends {
namespace {

// `text` as rev reads it in a project at /project.
DatabaseUrl MustParse(const std::string& text) { return testing::ParsedUrl(text, "/project"); }

TEST_CASE("SQLite URLs name a file relative to the project, an absolute file, or memory") {
  CHECK(MustParse("sqlite:///app.db").sqlite_path() == "/project/app.db");
  CHECK(MustParse("sqlite:///data/../app.db").sqlite_path() == "/project/app.db");
  CHECK(MustParse("sqlite:////var/lib/app.db").sqlite_path() == "/var/lib/app.db");
  CHECK(MustParse("sqlite://:memory:").in_memory());
  CHECK(MustParse("sqlite:///:memory:").in_memory());
  CHECK(MustParse("sqlite:///app.db").kind() == DatabaseKind::kSqlite);
  CHECK(MustParse("sqlite:///app.db").Redacted() == "sqlite:///app.db");
}

TEST_CASE("A malformed or unknown URL is bad input that shows the forms") {
  for (const char* text : {"sqlite:app.db", "sqlite://app.db", "sqlite:///", "sqlite://",
                           "mysql://root:hunter2@db/app", "app.db", ""}) {
    auto url = DatabaseUrl::Parse(text, "/project");
    INFO(text);
    REQUIRE_FALSE(url.ok());
    CHECK(url.status().code() == StatusCode::kInvalidInput);
    CHECK_FALSE(url.status().hint().empty());
    CHECK(url.status().message().find("hunter2") == std::string::npos);
  }
}

TEST_CASE("PostgreSQL URIs keep the connection string and redact the password") {
  DatabaseUrl url = MustParse("postgresql://app:s3cr%40t@db.example:5432/prod?sslmode=require");
  CHECK(url.kind() == DatabaseKind::kPostgres);
  CHECK(url.connection_string() ==
        "postgresql://app:s3cr%40t@db.example:5432/prod?sslmode=require");
  CHECK(url.password() == "s3cr@t");
  CHECK(url.Redacted() == "postgresql://app:***@db.example:5432/prod?sslmode=require");
  CHECK(url.RedactMessage("auth failed for s3cr@t and s3cr%40t") == "auth failed for *** and ***");

  CHECK(MustParse("postgres://app@db/prod").Redacted() == "postgres://app@db/prod");
  CHECK(MustParse("postgres://db:5432/prod").password().empty());
  // A password holding an unescaped '@' or '/' is still hidden whole.
  CHECK(MustParse("postgresql://app:a/b@c@db/prod").Redacted() == "postgresql://app:***@db/prod");
  CHECK(MustParse("postgresql://db/prod?user=app&password=pw1&sslmode=disable").Redacted() ==
        "postgresql://db/prod?user=app&password=***&sslmode=disable");
}

TEST_CASE("libpq key=value strings are PostgreSQL, with the password redacted") {
  DatabaseUrl url = MustParse("host=db dbname=prod user=app password='p w\\'x'");
  CHECK(url.kind() == DatabaseKind::kPostgres);
  CHECK(url.password() == "p w'x");
  CHECK(url.Redacted() == "host=db dbname=prod user=app password=***");
  CHECK(MustParse("host=db password = plain dbname=x").Redacted() ==
        "host=db password = *** dbname=x");

  auto bad = DatabaseUrl::Parse("host=db password='unterminated", "/project");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message().find("unterminated") == std::string::npos);
}

TEST_CASE("A scratch database's URL keeps the server, the user and the password") {
  DatabaseUrl uri = MustParse("postgresql://rev:s3cret@db:5432/app?sslmode=disable");
  DatabaseUrl scratch = uri.WithDatabaseName("rev_scratch_1");
  CHECK(scratch.connection_string() ==
        "postgresql://rev:s3cret@db:5432/rev_scratch_1?sslmode=disable");
  CHECK(scratch.Redacted() == "postgresql://rev:***@db:5432/rev_scratch_1?sslmode=disable");
  CHECK(MustParse("postgresql://db").WithDatabaseName("x").connection_string() ==
        "postgresql://db/x");
  CHECK(MustParse("postgresql://db?sslmode=require").WithDatabaseName("x").connection_string() ==
        "postgresql://db/x?sslmode=require");
  DatabaseUrl keywords = MustParse("host=db dbname=app password=s3cret");
  CHECK(keywords.WithDatabaseName("x").connection_string() ==
        "host=db dbname=app password=s3cret dbname=x");
  CHECK(keywords.WithDatabaseName("x").password() == "s3cret");
}

TEST_CASE("?schema=NAME names the schema, leaves libpq's string, and stays in the redacted URL") {
  DatabaseUrl url =
      MustParse("postgresql://app:s3cret@db:5432/prod?sslmode=require&schema=tenant_42");
  CHECK(url.schema() == "tenant_42");
  CHECK(url.connection_string() == "postgresql://app:s3cret@db:5432/prod?sslmode=require");
  CHECK(url.connection_string_without_password() ==
        "postgresql://app@db:5432/prod?sslmode=require");
  CHECK(url.Redacted() == "postgresql://app:***@db:5432/prod?sslmode=require&schema=tenant_42");
  DatabaseUrl first = MustParse("postgres://app@db/prod?schema=Tenant_7&connect_timeout=5");
  CHECK(first.schema() == "Tenant_7");
  CHECK(first.connection_string() == "postgres://app@db/prod?connect_timeout=5");
  DatabaseUrl alone = MustParse("postgresql://app@db/prod?schema=t1");
  CHECK(alone.connection_string() == "postgresql://app@db/prod");
  CHECK(MustParse("postgresql://app@db/prod").schema().empty());
}

TEST_CASE("A schema that is not a plain name, or named twice, is bad input") {
  for (const std::string& text : std::vector<std::string>{
           "postgresql://app:hunter2@db/prod?schema=9lives",
           "postgresql://app:hunter2@db/prod?schema=",
           "postgresql://app:hunter2@db/prod?schema=a;drop",
           "postgresql://app:hunter2@db/prod?schema=pg_catalog",
           "postgresql://app:hunter2@db/prod?schema=a%22b",
           "postgresql://app:hunter2@db/prod?schema=a&schema=b",
           "postgresql://app:hunter2@db/prod?schema=" + std::string(64, 'x')}) {
    auto url = DatabaseUrl::Parse(text, "/project");
    INFO(text);
    REQUIRE_FALSE(url.ok());
    CHECK(url.status().code() == StatusCode::kInvalidInput);
    CHECK(url.status().message().find("hunter2") == std::string::npos);
    CHECK_FALSE(url.status().hint().empty());
  }
}

TEST_CASE("RedactSecret hides every occurrence and leaves text alone without a password") {
  CHECK(RedactSecret("pw and pw", "pw") == "*** and ***");
  CHECK(RedactSecret("nothing secret", "") == "nothing secret");
}

TEST_CASE("Identifiers are quoted with embedded quotes doubled") {
  CHECK(QuoteIdentifier("rev_version") == "\"rev_version\"");
  CHECK(QuoteIdentifier("a\"b") == "\"a\"\"b\"");
  CHECK(QualifiedName("", "t") == "\"t\"");
  CHECK(QualifiedName("app", "t") == "\"app\".\"t\"");
}

TEST_CASE("History helpers: status names, heads lists and timestamps round-trip") {
  for (StepStatus status : {StepStatus::kStarted, StepStatus::kApplied, StepStatus::kFailed,
                            StepStatus::kRolledBack, StepStatus::kStamped, StepStatus::kRepaired}) {
    CHECK(ParseStepStatus(StepStatusName(status)) == status);
  }
  CHECK(StepStatusName(StepStatus::kRolledBack) == std::string("rolled_back"));
  CHECK_FALSE(ParseStepStatus("done").has_value());
  CHECK(JoinHeads(testing::Ids({"a", "b"})) == "a,b");
  CHECK(testing::ToNames(SplitHeads("a,b", 1).value()) == testing::Names{"a", "b"});
  CHECK(SplitHeads("", 1).value().empty());
  Status damaged = SplitHeads("a,b c", 7).status();
  CHECK(damaged.code() == StatusCode::kDatabase);
  CHECK(damaged.message().find("history row 7") != std::string::npos);
  auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795860240123));
  CHECK(FormatTimestamp(time) == "2026-11-28T10:04:00.123Z");
}

TEST_CASE("A script offset maps to the file's line and character column") {
  ScriptSource source{"revisions/a.sql", 7};
  std::string sql = "CREATE TABLE t (x);\n  SELEC 1;\n";
  CHECK(LocateInScript(sql, 0, source).ToString() == "revisions/a.sql:7:1");
  CHECK(LocateInScript(sql, sql.find("SELEC"), source).ToString() == "revisions/a.sql:8:3");
  // Columns count characters, not bytes; CRLF line ends count once.
  std::string utf8 = "SELECT 'ééé',\r\n 'ü', FROM";
  CHECK(LocateInScript(utf8, utf8.find("FROM"), source).ToString() == "revisions/a.sql:8:7");
  CHECK(LocateInScript(utf8, utf8.find(','), source).ToString() == "revisions/a.sql:7:13");
}

TEST_CASE("SkipBlankSql finds where a statement really starts") {
  std::string sql = "  -- note; not a statement\n /* block; */\n\tINSERT";
  CHECK(SkipBlankSql(sql, 0) == sql.find("INSERT"));
  CHECK(SkipBlankSql("-- only a comment", 0) == 17);
  CHECK(SkipBlankSql("x", 0) == 0);
}

}  // namespace
}  // namespace rev::engine::backends
