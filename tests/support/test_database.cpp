#include "tests/support/test_database.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <sstream>

#include "engine/operations/database_state.h"
#include "engine/planner.h"
#include "engine/target.h"
#include "tests/support/exit_checks.h"
#include "tests/support/run_process.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// The admin URL with its database replaced by `name`.
std::string WithDatabase(const std::string& admin, const std::string& name) {
  size_t scheme = admin.find("://");
  if (scheme == std::string::npos) return admin + " dbname=" + name;
  size_t end = admin.find_first_of("/?", scheme + 3);
  std::string base = admin.substr(0, end == std::string::npos ? admin.size() : end);
  size_t query = admin.find('?', scheme + 3);
  return base + "/" + name + (query == std::string::npos ? "" : admin.substr(query));
}

std::string RandomName() {
  std::random_device device;
  std::ostringstream name;
  name << "rev_test_" << getpid() << "_" << std::hex << device();
  return name.str();
}

void RunAdminScript(const std::string& admin_url, const std::string& sql) {
  auto admin = engine::backends::OpenBackend(ParsedUrl(admin_url), {}, true);
  INFO(admin.status().ToString());
  REQUIRE(admin.ok());
  Status status = (*admin)->ExecuteScript(sql, {"admin", 1});
  INFO(status.ToString());
  REQUIRE(status.ok());
}

}  // namespace

engine::backends::DatabaseUrl ParsedUrl(const std::string& text,
                                        const std::filesystem::path& root) {
  auto url = engine::backends::DatabaseUrl::Parse(text, root);
  INFO(text << ": " << url.status().ToString());
  REQUIRE(url.ok());
  return std::move(url).value();
}

std::vector<DatabaseKind> DatabaseKindsUnderTest() {
  if (Env("REV_TEST_SKIP_POSTGRES") == "1") return {DatabaseKind::kSqlite};
  return {DatabaseKind::kSqlite, DatabaseKind::kPostgres};
}

bool PostgresUnderTest() {
  if (Env("REV_TEST_SKIP_POSTGRES") != "1") return true;
  WARN("PostgreSQL test not run: REV_TEST_SKIP_POSTGRES=1");
  return false;
}

TestDatabase::TestDatabase(DatabaseKind kind, std::filesystem::path folder)
    : kind_(kind), folder_(std::move(folder)) {
  if (folder_.empty()) folder_ = own_folder_.emplace().path();
  if (kind == DatabaseKind::kSqlite) {
    url_text_ = "sqlite:///" + (folder_ / "app.db").string();
  } else {
    admin_url_ = Env("REV_TEST_POSTGRES_URL");
    if (admin_url_.empty()) {
      FAIL(
          "PostgreSQL is under test but REV_TEST_POSTGRES_URL is unset: set it to an admin URL "
          "of a server (postgresql://user@host/postgres), or set REV_TEST_SKIP_POSTGRES=1 to "
          "test SQLite only");
    }
    database_name_ = RandomName();
    RunAdminScript(admin_url_, "CREATE DATABASE " + database_name_);
    url_text_ = WithDatabase(admin_url_, database_name_);
  }
  url_ = ParsedUrl(url_text_, folder_);
}

TestDatabase::~TestDatabase() {
  if (database_name_.empty()) return;
  auto url = engine::backends::DatabaseUrl::Parse(admin_url_, "");
  if (!url.ok()) return;
  auto admin = engine::backends::OpenBackend(*url, {}, true);
  if (!admin.ok()) return;
  Status ignored = (*admin)->ExecuteScript(
      "DROP DATABASE IF EXISTS " + database_name_ + " WITH (FORCE)", {"admin", 1});
  (void)ignored;
}

std::unique_ptr<engine::backends::Backend> TestDatabase::Open(
    const engine::backends::BackendOptions& options, bool create) const {
  auto backend = engine::backends::OpenBackend(*url_, options, create);
  INFO(backend.status().ToString());
  REQUIRE(backend.ok());
  return std::move(backend).value();
}

std::vector<std::string> TestDatabase::Query(const std::string& sql) const {
  // The sqlite3 shell gives up at once on a database another process is writing; rev's
  // own transactions are short, so it waits for them as rev would.
  ProcessResult result =
      is_sqlite()
          ? RunProcess({"sqlite3", "-readonly", "-batch", "-bail", "-noheader", "-list",
                        "-separator", "|", "-cmd", ".timeout 10000", sqlite_file().string(), sql})
          : RunProcess({"psql", "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d",
                        url_text_, "-c", sql});
  INFO(sql);
  REV_REQUIRE_EXIT(result, 0);
  return SplitLines(result.out);
}

void TestDatabase::Execute(const std::string& sql) const {
  ProcessResult result =
      is_sqlite()
          ? RunProcess({"sqlite3", "-batch", "-bail", sqlite_file().string(), sql})
          : RunProcess({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_text_, "-c", sql});
  INFO(sql);
  REV_REQUIRE_EXIT(result, 0);
}

std::vector<std::string> TestDatabase::Schema() const {
  if (is_sqlite()) {
    return Query(
        "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
  }
  std::vector<std::string> schema = Query(
      "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || "
      "is_nullable || ' ' || COALESCE(column_default, '') FROM information_schema.columns "
      "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position");
  for (std::string& line : Query("SELECT 'index ' || indexname || ': ' || indexdef FROM "
                                 "pg_indexes WHERE schemaname = current_schema() ORDER BY 1")) {
    schema.push_back(std::move(line));
  }
  return schema;
}

bool TestDatabase::HasTable(const std::string& name) const {
  if (is_sqlite() && !std::filesystem::exists(sqlite_file())) return false;
  std::string sql =
      is_sqlite()
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'"
          : "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = '" +
                name + "'";
  return Query(sql) == std::vector<std::string>{"1"};
}

std::string LongStatement(DatabaseKind kind, int postgres_seconds) {
  if (kind == DatabaseKind::kSqlite) {
    return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 300000000) "
           "SELECT count(*) FROM c;";
  }
  return "SELECT pg_sleep(" + std::to_string(postgres_seconds) + ");";
}

void Require(const Status& status) {
  INFO(status.ToString() << "\n  hint: " << status.hint());
  REQUIRE(status.ok());
}

engine::operations::MigrationOptions TestOptions() {
  engine::operations::MigrationOptions options;
  options.rev_version = "test";
  options.run_by = "tester@test";
  return options;
}

Status Migrate(engine::backends::Backend& backend, const engine::RevisionGraph& graph,
               engine::Direction direction, const std::string& target,
               const engine::operations::MigrationOptions& options,
               engine::operations::MigrationReport* report, bool ignore_checksums) {
  REV_RETURN_IF_ERROR(backend.AcquireMigrationLock(std::chrono::seconds(5)));
  struct Release {
    engine::backends::Backend& backend;
    ~Release() { (void)backend.ReleaseMigrationLock(); }
  } release{backend};
  REV_RETURN_IF_ERROR(backend.EnsureTables());
  REV_ASSIGN_OR_RETURN(engine::operations::DatabaseState state,
                       engine::operations::ReadDatabaseState(backend));
  REV_RETURN_IF_ERROR(engine::operations::CheckReadyToChange(state, graph, ignore_checksums));
  REV_ASSIGN_OR_RETURN(engine::Target parsed, engine::ParseTarget(target));
  const engine::RevisionIds& heads = state.heads;
  REV_ASSIGN_OR_RETURN(engine::Plan plan, direction == engine::Direction::kUpgrade
                                              ? engine::PlanUpgrade(graph, heads, parsed)
                                              : engine::PlanDowngrade(graph, heads, parsed));
  return engine::operations::RunPlan(backend, graph, plan, options, nullptr, report);
}

std::vector<std::string> Heads(engine::backends::Backend& backend) {
  auto heads = backend.ReadHeads();
  INFO(heads.status().ToString());
  REQUIRE(heads.ok());
  return ToNames(*heads);  // as text, for comparisons that read as the table does
}

std::vector<std::string> HistoryLines(engine::backends::Backend& backend) {
  auto rows = backend.ReadHistory(0);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  std::vector<std::string> lines;
  for (auto row = rows->rbegin(); row != rows->rend(); ++row) {
    lines.push_back(row->revision + " " + row->direction + " " +
                    engine::backends::StepStatusName(row->status));
  }
  return lines;
}

}  // namespace rev::testing
