// Offline SQL (`--sql`): a plan as the script that would run, version-table statements
// included, one transaction per transactional step, in both dialects.
#include "engine/offline_sql.h"

#include <catch2/catch.hpp>

#include "tests/support/plans.h"

namespace rev::testing {
namespace {

using engine::OfflineSqlOptions;
using engine::SqlDialect;

auto Project() {
  return Graph(
      {Rev("a").Sql("CREATE TABLE t (id INT);", "DROP TABLE t;"),
       Rev("b", {"a"})
           .Sql("ALTER TABLE t ADD COLUMN name TEXT;\n", "ALTER TABLE t DROP COLUMN name;")});
}

std::string Render(const engine::RevisionGraph& graph, const engine::Plan& plan,
                   const OfflineSqlOptions& options = {}) {
  return engine::RenderOfflineSql(graph, plan, options);
}

TEST_CASE(
    "an upgrade from base creates the version table, then runs each step in its "
    "transaction",
    "[offline_sql]") {
  auto graph = Project();
  CHECK(Render(graph, Upgrade(graph, {}, "head")) ==
        "CREATE TABLE IF NOT EXISTS rev_version (version_num VARCHAR(64) NOT NULL PRIMARY KEY);\n"
        "\n"
        "-- Running upgrade  -> a\n"
        "\n"
        "BEGIN;\n"
        "\n"
        "CREATE TABLE t (id INT);\n"
        "\n"
        "INSERT INTO rev_version (version_num) VALUES ('a');\n"
        "\n"
        "COMMIT;\n"
        "\n"
        "-- Running upgrade a -> b\n"
        "\n"
        "BEGIN;\n"
        "\n"
        "ALTER TABLE t ADD COLUMN name TEXT;\n"
        "\n"
        "UPDATE rev_version SET version_num = 'b' WHERE version_num = 'a';\n"
        "\n"
        "COMMIT;\n"
        "\n");
}

TEST_CASE("PostgreSQL qualifies the version table with its schema", "[offline_sql]") {
  auto graph = Project();
  OfflineSqlOptions options;
  options.dialect = SqlDialect::kPostgres;
  options.version_table_schema = "app";
  std::string sql = Render(graph, Upgrade(graph, {}, "head"), options);
  CHECK_THAT(sql, Catch::StartsWith("CREATE TABLE IF NOT EXISTS app.rev_version (version_num "
                                    "VARCHAR(64) NOT NULL PRIMARY KEY);\n"));
  CHECK_THAT(sql, Catch::Contains("INSERT INTO app.rev_version (version_num) VALUES ('a');") &&
                      Catch::Contains("UPDATE app.rev_version SET version_num = 'b' WHERE "
                                      "version_num = 'a';"));
  options.dialect = SqlDialect::kSqlite;  // SQLite has no schemas: the option is ignored
  CHECK_THAT(Render(graph, Upgrade(graph, {}, "head"), options),
             !Catch::Contains("app.") && Catch::Contains("INSERT INTO rev_version"));
}

TEST_CASE("a table name that is not a plain lowercase word is quoted", "[offline_sql]") {
  auto graph = Project();
  OfflineSqlOptions options;
  options.dialect = SqlDialect::kPostgres;
  options.version_table = "Rev \"Version\"";
  options.version_table_schema = "My App";
  CHECK_THAT(Render(graph, Upgrade(graph, {}, "a"), options),
             Catch::Contains("INSERT INTO \"My App\".\"Rev \"\"Version\"\"\" (version_num)"));
}

TEST_CASE("a plan that does not start from base does not create the table", "[offline_sql]") {
  auto graph = Project();
  std::string sql = Render(graph, Upgrade(graph, {"a"}, "head"));
  CHECK_THAT(sql, Catch::StartsWith("-- Running upgrade a -> b\n"));
  OfflineSqlOptions options;
  options.create_version_table = false;
  CHECK_THAT(Render(graph, Upgrade(graph, {}, "head"), options),
             Catch::StartsWith("-- Running upgrade  -> a\n"));
}

TEST_CASE("a downgrade runs each downgrade section and removes the rows", "[offline_sql]") {
  auto graph = Project();
  CHECK(Render(graph, Downgrade(graph, {"b"}, "base")) ==
        "-- Running downgrade b -> a\n"
        "\n"
        "BEGIN;\n"
        "\n"
        "ALTER TABLE t DROP COLUMN name;\n"
        "\n"
        "UPDATE rev_version SET version_num = 'a' WHERE version_num = 'b';\n"
        "\n"
        "COMMIT;\n"
        "\n"
        "-- Running downgrade a -> \n"
        "\n"
        "BEGIN;\n"
        "\n"
        "DROP TABLE t;\n"
        "\n"
        "DELETE FROM rev_version WHERE version_num = 'a';\n"
        "\n"
        "COMMIT;\n"
        "\n");
}

TEST_CASE("a merge names its parents and merges their rows, an empty section is left out",
          "[offline_sql]") {
  auto graph =
      Graph({Rev("a").Sql("SELECT 1;", "SELECT 1;"), Rev("b", {"a"}).Sql("SELECT 2;", "SELECT 2;"),
             Rev("c", {"a"}).Sql("SELECT 3;", "SELECT 3;"), Rev("m", {"b", "c"}).Merge()});
  std::string sql = Render(graph, Upgrade(graph, {"b", "c"}, "m"));
  CHECK(sql ==
        "-- Running upgrade b, c -> m\n"
        "\n"
        "BEGIN;\n"
        "\n"
        "DELETE FROM rev_version WHERE version_num = 'c';\n"
        "\n"
        "UPDATE rev_version SET version_num = 'm' WHERE version_num = 'b';\n"
        "\n"
        "COMMIT;\n"
        "\n");
  CHECK_THAT(
      Render(graph, Downgrade(graph, {"m"}, "b")),
      Catch::StartsWith("-- Running downgrade m -> b, c\n") &&
          Catch::Contains("UPDATE rev_version SET version_num = 'b' WHERE version_num = 'm';\n"
                          "\n"
                          "INSERT INTO rev_version (version_num) VALUES ('c');"));
}

TEST_CASE("a non-transactional step runs outside a transaction", "[offline_sql]") {
  auto graph = Graph({Rev("a").Sql("CREATE TABLE t (id INT);", "DROP TABLE t;"),
                      Rev("b", {"a"})
                          .Sql("CREATE INDEX CONCURRENTLY t_id ON t (id);", "DROP INDEX t_id;")
                          .NonTransactional()});
  CHECK(Render(graph, Upgrade(graph, {"a"}, "b")) ==
        "-- Running upgrade a -> b\n"
        "\n"
        "-- transactional: false: runs outside a transaction\n"
        "\n"
        "CREATE INDEX CONCURRENTLY t_id ON t (id);\n"
        "\n"
        "UPDATE rev_version SET version_num = 'b' WHERE version_num = 'a';\n"
        "\n");
}

TEST_CASE("a missing downgrade section is said in the script", "[offline_sql]") {
  auto graph = Graph({Rev("a").Sql("CREATE TABLE t (id INT);", std::nullopt)});
  CHECK_THAT(Render(graph, Downgrade(graph, {"a"}, "base")),
             Catch::Contains("-- a has no downgrade section (revisions/a_revision_a.sql)"));
}

TEST_CASE("an empty plan renders nothing", "[offline_sql]") {
  auto graph = Project();
  CHECK(Render(graph, Upgrade(graph, {"b"}, "head")).empty());
}

}  // namespace
}  // namespace rev::testing
