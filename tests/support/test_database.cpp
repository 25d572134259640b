#include "tests/support/test_database.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <random>
#include <sstream>

#include "engine/operations/database_state.h"
#include "engine/planner.h"
#include "engine/target.h"
#include "revisions/revision_folder.h"
#include "tests/support/run_process.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
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
  auto url = engine::backends::DatabaseUrl::Parse(admin_url, "");
  REQUIRE(url.ok());
  auto admin = engine::backends::OpenBackend(*url, {}, true);
  INFO(admin.status().ToString());
  REQUIRE(admin.ok());
  Status status = (*admin)->ExecuteScript(sql, {"admin", 1});
  INFO(status.ToString());
  REQUIRE(status.ok());
}

std::string ListText(const std::vector<std::string>& ids) {
  if (ids.empty()) return "null";
  if (ids.size() == 1) return ids.front();
  std::string text = "[";
  for (size_t i = 0; i < ids.size(); ++i) text += (i > 0 ? ", " : "") + ids[i];
  return text + "]";
}

engine::RevisionIds ToIds(const std::vector<std::string>& names) {
  engine::RevisionIds ids;
  for (const std::string& name : names) ids.push_back(*engine::RevisionId::Parse(name));
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

std::vector<DatabaseKind> DatabaseKindsUnderTest() {
  if (Env("REV_TEST_SKIP_POSTGRES") == "1") return {DatabaseKind::kSqlite};
  return {DatabaseKind::kSqlite, DatabaseKind::kPostgres};
}

TestDatabase::TestDatabase(DatabaseKind kind) : kind_(kind) {
  if (kind == DatabaseKind::kSqlite) {
    url_text_ = "sqlite:///" + (dir_.path() / "app.db").string();
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
  auto url = engine::backends::DatabaseUrl::Parse(url_text_, dir_.path());
  INFO(url.status().ToString());
  REQUIRE(url.ok());
  url_ = std::move(url).value();
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
  ProcessResult result = is_sqlite()
                             ? RunProcess({"sqlite3", "-readonly", "-batch", "-bail", "-noheader",
                                           "-list", "-separator", "|", sqlite_file().string(), sql})
                             : RunProcess({"psql", "-X", "-q", "-A", "-t", "-F", "|", "-v",
                                           "ON_ERROR_STOP=1", "-d", url_text_, "-c", sql});
  INFO(sql << "\n" << result.err);
  REQUIRE(result.exit_code == 0);
  return Lines(result.out);
}

void TestDatabase::Execute(const std::string& sql) const {
  ProcessResult result =
      is_sqlite()
          ? RunProcess({"sqlite3", "-batch", "-bail", sqlite_file().string(), sql})
          : RunProcess({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url_text_, "-c", sql});
  INFO(sql << "\n" << result.err);
  REQUIRE(result.exit_code == 0);
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
  std::string sql =
      is_sqlite()
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'"
          : "SELECT count(*) FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_name = '" +
                name + "'";
  return Query(sql) == std::vector<std::string>{"1"};
}

std::filesystem::path WriteRevision(const std::filesystem::path& folder, const RevisionSpec& spec,
                                    int position) {
  std::ostringstream text;
  text << "-- revision: " << spec.id << "\n"
       << "-- down_revision: " << ListText(spec.down_revisions) << "\n"
       << "-- message: revision " << spec.id << "\n"
       << "-- created_at: 2026-01-01T00:" << (10 + position / 60) << ":"
       << (position % 60 < 10 ? "0" : "") << position % 60 << "Z\n";
  if (!spec.depends_on.empty()) text << "-- depends_on: [" << ListText(spec.depends_on) << "]\n";
  if (!spec.transactional) text << "-- transactional: false\n";
  text << "\n-- rev:upgrade\n" << spec.upgrade;
  if (spec.downgrade) text << "\n-- rev:downgrade\n" << *spec.downgrade;
  text << "\n";
  std::filesystem::path path = folder / "revisions" / (spec.id + "_test.sql");
  WriteFile(path, text.str());
  return path;
}

void WriteRevisions(const std::filesystem::path& folder, const std::vector<RevisionSpec>& specs) {
  for (size_t i = 0; i < specs.size(); ++i) WriteRevision(folder, specs[i], static_cast<int>(i));
}

engine::RevisionGraph LoadGraph(const std::filesystem::path& folder) {
  auto scan = revisions::ScanRevisionFolder(folder / "revisions", "revisions/");
  INFO(scan.status().ToString());
  REQUIRE(scan.ok());
  for (const Status& error : scan->errors) FAIL(error.ToString());
  auto graph = engine::RevisionGraph::Build(std::move(scan->revisions));
  INFO(graph.status().ToString());
  REQUIRE(graph.ok());
  return std::move(graph).value();
}

engine::Plan UpgradePlan(const engine::RevisionGraph& graph, const std::vector<std::string>& heads,
                         const std::string& target) {
  auto parsed = engine::ParseTarget(target);
  REQUIRE(parsed.ok());
  auto plan = engine::PlanUpgrade(graph, ToIds(heads), *parsed);
  INFO(plan.status().ToString());
  REQUIRE(plan.ok());
  return std::move(plan).value();
}

engine::Plan DowngradePlan(const engine::RevisionGraph& graph,
                           const std::vector<std::string>& heads, const std::string& target) {
  auto parsed = engine::ParseTarget(target);
  REQUIRE(parsed.ok());
  auto plan = engine::PlanDowngrade(graph, ToIds(heads), *parsed);
  INFO(plan.status().ToString());
  REQUIRE(plan.ok());
  return std::move(plan).value();
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
  std::vector<std::string> names;  // as text, for comparisons that read as the table does
  for (const auto& head : *heads) names.push_back(head.str());
  return names;
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
