// The Sqitch importer's reading of a project: the plan's changes become migrations in the
// plan's order, requires become depends_on keys as Sqitch resolves them, reworked changes
// find their earlier scripts, and bad projects are refused at the plan's line.
#include <catch2/catch.hpp>

#include "engine/importers/imported.h"
#include "engine/importers/readers.h"
#include "tests/support/sqitch_project.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::importers::ImportedMigration;
using engine::importers::ImportedProject;
using engine::importers::ReadSqitch;
using Strings = std::vector<std::string>;

constexpr const char* kHeader = "%syntax-version=1.0.0\n%project=demo\n\n";

// "name 2024-...Z Ann <ann@example.com>": a change or tag line with a fixed date and planner.
std::string Line(const std::string& entry, int minute = 0) {
  const std::string two_digits = (minute < 10 ? "0" : "") + std::to_string(minute);
  return entry + " 2024-03-01T12:" + two_digits + ":00Z Ann Example <ann@example.com>";
}

// A plan of `lines` (after the header), with deploy and revert scripts for `changes`.
void WriteProject(const std::filesystem::path& folder, const Strings& lines,
                  const Strings& changes) {
  std::string plan = kHeader;
  for (const std::string& line : lines) plan += line + "\n";
  WriteFile(folder / "sqitch.plan", plan);
  for (const std::string& change : changes) {
    WriteFile(folder / "deploy" / (change + ".sql"), "CREATE TABLE t_x (x INT); -- " + change);
    WriteFile(folder / "revert" / (change + ".sql"), "DROP TABLE t_x; -- " + change);
  }
}

ImportedProject Read(const std::filesystem::path& folder) {
  auto project = ReadSqitch(folder);
  INFO(project.status().ToString() << "\nhint: " << project.status().hint());
  REQUIRE(project.ok());
  return std::move(*project);
}

Strings Keys(const ImportedProject& project) {
  Strings keys;
  for (const ImportedMigration& migration : project.migrations) keys.push_back(migration.key);
  return keys;
}

const ImportedMigration& Find(const ImportedProject& project, const std::string& key) {
  for (const ImportedMigration& migration : project.migrations) {
    if (migration.key == key) return migration;
  }
  FAIL("no migration " << key);
  throw std::logic_error("unreachable");
}

// The error ReadSqitch gives for `folder`, checked to be kInvalidInput with a hint.
Status ReadError(const std::filesystem::path& folder) {
  auto project = ReadSqitch(folder);
  REQUIRE_FALSE(project.ok());
  const Status& status = project.status();
  INFO(status.ToString());
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK_FALSE(status.hint().empty());
  REQUIRE(status.location().has_value());
  return status;
}

TEST_CASE("Sqitch: every planned change is a migration, in the plan's order") {
  TempDir folder;
  WriteSampleSqitchProject(folder.path(), DatabaseKind::kPostgres);
  ImportedProject project = Read(folder.path());
  CHECK(project.tool == engine::importers::SourceTool::kSqitch);
  CHECK(project.chained);
  CHECK(project.project_name == "flipr");
  CHECK(project.notices.empty());
  CHECK(Keys(project) == SampleSqitchKeys());

  const ImportedMigration& first_users = Find(project, "users@v1.0");
  CHECK(first_users.depends_on.empty());
  CHECK(first_users.message == "Creates table users.");
  CHECK(first_users.created_at == "2024-01-02T10:00:00Z");
  CHECK(first_users.source.ToString() == (folder.path() / "sqitch.plan").string() + ":5");
  CHECK(first_users.upgrade_sql.find("CREATE TABLE users") != std::string::npos);
  CHECK(first_users.downgrade_sql.value_or("").find("DROP TABLE users") != std::string::npos);
  CHECK_FALSE(first_users.transactional.has_value());

  CHECK(Find(project, "flips").depends_on == Strings{"users@v1.0"});
  CHECK(Find(project, "data/seed").depends_on == Strings{"users@v1.0"});
  CHECK(Find(project, "data/seed").upgrade_sql.find("INSERT INTO users") != std::string::npos);
  CHECK(Find(project, "noop").upgrade_sql == "-- Deploy flipr:noop\n-- Nothing to do yet.\n");
  CHECK(Find(project, "flips_index").upgrade_sql.find("CONCURRENTLY") != std::string::npos);

  const ImportedMigration& users = Find(project, "users");
  CHECK(users.depends_on == Strings{"users@v1.0"});
  CHECK(users.upgrade_sql.find("ADD COLUMN nickname") != std::string::npos);
  CHECK(users.source.line == 12);
}

TEST_CASE("Sqitch: a reworked change's earlier instance becomes the id name_TAG") {
  CHECK(engine::importers::RevisionIdFor("users@v1.0")->str() == "users_v1_0");
  CHECK(engine::importers::RevisionIdFor("data/seed")->str() == "data_seed");
}

TEST_CASE("Sqitch: a plan made by sqitch init, add, tag and rework reads as Sqitch wrote it") {
  TempDir folder;
  RequireSqitch(folder.path(), {"init", "shop", "--engine", "sqlite"});
  RequireSqitch(folder.path(), {"add", "orders", "-n", "Orders # and their lines"});
  RequireSqitch(folder.path(), {"add", "customers", "-r", "orders", "-n", "Customers"});
  RequireSqitch(folder.path(), {"tag", "v2", "-n", "Version 2"});
  RequireSqitch(folder.path(), {"rework", "orders", "-n", "Orders, reworked"});
  ImportedProject project = Read(folder.path());
  CHECK(project.project_name == "shop");
  CHECK(Keys(project) == Strings{"orders@v2", "customers", "orders"});
  CHECK(Find(project, "orders@v2").message == "Orders # and their lines");
  CHECK(Find(project, "customers").depends_on == Strings{"orders@v2"});
  CHECK(Find(project, "orders").depends_on == Strings{"orders@v2"});
  // `sqitch rework` copied the scripts to orders@v2.sql; both instances have their own.
  CHECK(Find(project, "orders@v2").upgrade_sql == ReadFile(folder / "deploy" / "orders@v2.sql"));
  CHECK(Find(project, "orders").upgrade_sql == ReadFile(folder / "deploy" / "orders.sql"));
  CHECK(Find(project, "orders").downgrade_sql == ReadFile(folder / "revert" / "orders.sql"));
  CHECK(Find(project, "orders").created_at.size() == 20);
}

TEST_CASE("Sqitch: requires resolve to the instance Sqitch means") {
  TempDir folder;
  WriteProject(folder.path(),
               {Line("a", 1), Line("@t1", 2), Line("x", 3), Line("@t2", 4), Line("a [a@t1]", 5),
                Line("@t3", 6), Line("a [a]", 7), Line("b [a a@t1 a@t3 @t2 x@t3]", 8)},
               {"a@t2", "a@t3", "a", "x", "b"});
  ImportedProject project = Read(folder.path());
  // The first instance is a@t1 (the first tag at or after it), the second a@t3.
  CHECK(Keys(project) == Strings{"a@t1", "x", "a@t3", "a", "b"});
  CHECK(Find(project, "a@t3").depends_on == Strings{"a@t1"});
  CHECK(Find(project, "a").depends_on == Strings{"a@t3"});
  // a: the latest before b; a@t1 / a@t3: as at those tags; @t2: the change t2 is on (x).
  CHECK(Find(project, "b").depends_on == Strings{"a", "a@t1", "a@t3", "x"});
  // Sqitch looks for the first instance's scripts under the tags between it and its rework,
  // the latest first (the one `sqitch rework` writes), before its own.
  CHECK(Find(project, "a@t1").upgrade_sql.find("-- a@t2") != std::string::npos);
  CHECK(Find(project, "a@t3").upgrade_sql.find("-- a@t3") != std::string::npos);

  SECTION("without a@t2.sql, its own tag's a@t1.sql") {
    std::filesystem::remove(folder / "deploy" / "a@t2.sql");
    WriteFile(folder / "deploy" / "a@t1.sql", "SELECT 1; -- a@t1");
    CHECK(Find(Read(folder.path()), "a@t1").upgrade_sql == "SELECT 1; -- a@t1");
  }
}

TEST_CASE("Sqitch: conflicts, other projects' changes and change ids become notices") {
  TempDir folder;
  const std::string id = "0123456789abcdef0123456789abcdef01234567";
  WriteProject(folder.path(), {Line("a"), Line("b"), Line("c [a !b other:x demo:b " + id + "]")},
               {"a", "b", "c"});
  ImportedProject project = Read(folder.path());
  CHECK(Find(project, "c").depends_on == Strings{"a", "b"});  // demo:b is this project's b
  REQUIRE(project.notices.size() == 3);
  Strings codes;
  for (const revisions::Notice& notice : project.notices) {
    codes.push_back(notice.code);
    CHECK(notice.location.ToString() == (folder.path() / "sqitch.plan").string() + ":6");
    CHECK_FALSE(notice.hint.empty());
  }
  CHECK(codes == Strings{"sqitch-conflict", "sqitch-other-project", "sqitch-change-id"});
  CHECK(project.notices[0].message.find("'b'") != std::string::npos);
  CHECK(project.notices[1].message.find("other:x") != std::string::npos);
}

TEST_CASE("Sqitch: sqitch.conf's top_dir, plan_file and the engine's script folders are used") {
  TempDir folder;
  WriteFile(folder / "sqitch.conf",
            "[core]\n\tengine = pg\n\ttop_dir = db  # comment\n[engine \"pg\"]\n"
            "\tdeploy_dir = db/up\n\trevert_dir = \"db/down\"\n[engine \"sqlite\"]\n"
            "\tdeploy_dir = wrong\n");
  WriteFile(folder / "db" / "sqitch.plan", std::string(kHeader) + Line("a") + "\n");
  WriteFile(folder / "db" / "up" / "a.sql", "CREATE TABLE a (x INT);");
  WriteFile(folder / "db" / "down" / "a.sql", "DROP TABLE a;");
  ImportedProject project = Read(folder.path());
  REQUIRE(project.migrations.size() == 1);
  CHECK(project.migrations[0].upgrade_sql == "CREATE TABLE a (x INT);");
  CHECK(project.migrations[0].downgrade_sql == std::optional<std::string>("DROP TABLE a;"));
  CHECK(project.migrations[0].source.file == (folder.path() / "db" / "sqitch.plan").string());

  SECTION("plan_file names another plan") {
    WriteFile(folder / "sqitch.conf", "[core]\n\tplan_file = other.plan\n");
    WriteFile(folder / "other.plan", std::string(kHeader) + Line("b") + "\n");
    WriteFile(folder / "deploy" / "b.sql", "SELECT 1;");
    ImportedProject other = Read(folder.path());
    CHECK(Keys(other) == Strings{"b"});
    CHECK_FALSE(other.migrations[0].downgrade_sql.has_value());  // no revert/b.sql
  }
}

TEST_CASE("Sqitch: a folder without sqitch.plan is refused, naming the plan it looked for") {
  TempDir folder;
  Status status = ReadError(folder.path());
  CHECK(status.location()->file == (folder.path() / "sqitch.plan").string());
  CHECK(status.message().find("no Sqitch project") != std::string::npos);
}

TEST_CASE("Sqitch: a plan line that does not parse is refused at its line") {
  TempDir folder;
  const std::string plan_file = (folder.path() / "sqitch.plan").string();
  struct Case {
    std::string line;
    std::string says;
  };
  auto bad = GENERATE(Case{"b 2024-03-01 Ann <ann@example.com>", "date is missing"},
                      Case{"b 2024-03-01T12:00:00Z", "planner"},
                      Case{"b [a 2024-03-01T12:00:00Z Ann <ann@example.com>", "without its ']'"},
                      Case{"-b " + Line("").substr(1), "reverted"},
                      Case{Line("b [a@]"), "not a valid dependency"},
                      Case{Line("b."), "invalid name"}, Case{Line("@v1 [a]"), "lists dependencies"},
                      Case{"%project=late", "after the plan's changes"});
  WriteProject(folder.path(), {Line("a"), "# a comment", bad.line}, {"a", "b"});
  Status status = ReadError(folder.path());
  CHECK(status.location()->ToString() == plan_file + ":6");
  CHECK(status.message().find(bad.says) != std::string::npos);
}

TEST_CASE("Sqitch: a change without its deploy script is refused at its plan line") {
  TempDir folder;
  WriteProject(folder.path(), {Line("a"), Line("b [a]")}, {"a"});
  Status status = ReadError(folder.path());
  CHECK(status.location()->ToString() == (folder.path() / "sqitch.plan").string() + ":5");
  CHECK(status.message().find((folder.path() / "deploy" / "b.sql").string()) != std::string::npos);
}

TEST_CASE("Sqitch: a require of a change not planned before it is refused, naming both") {
  TempDir folder;
  struct Case {
    Strings lines;
    int line;
    std::string says;
  };
  auto bad =
      GENERATE(Case{{Line("a"), Line("b [b]")}, 5, "change 'b' requires itself"},
               Case{{Line("a [b]"), Line("b")}, 4, "'a' requires 'b', which is planned after"},
               Case{{Line("a"), Line("b [nope]")}, 5, "'b' requires 'nope', which the plan"},
               Case{{Line("a"), Line("b [a@v9]")}, 5, "tag @v9 is not declared"},
               Case{{Line("a"), Line("@v1"), Line("b [b@v1]")}, 6, "not planned before tag"});
  WriteProject(folder.path(), bad.lines, {"a", "b"});
  Status status = ReadError(folder.path());
  CHECK(status.location()->line == bad.line);
  CHECK(status.message().find(bad.says) != std::string::npos);
}

TEST_CASE("Sqitch: a change planned twice without a tag between is refused at the second") {
  TempDir folder;
  WriteProject(folder.path(), {Line("a"), Line("b"), Line("a", 2)}, {"a", "b"});
  Status status = ReadError(folder.path());
  CHECK(status.location()->line == 6);
  CHECK(status.message() == "change 'a' duplicates its declaration on line 4");
}

TEST_CASE("Sqitch: a plan without %project is refused") {
  TempDir folder;
  WriteFile(folder / "sqitch.plan", "%syntax-version=1.0.0\n\n" + Line("a") + "\n");
  WriteFile(folder / "deploy" / "a.sql", "SELECT 1;");
  Status status = ReadError(folder.path());
  CHECK(status.message().find("%project") != std::string::npos);
}

}  // namespace
}  // namespace rev::testing
