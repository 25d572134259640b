// The Sqitch importer against Sqitch itself: Sqitch deploys and reverts the sample project
// step by step into one database, the imported SQL run through rev's backend into another
// must leave the same schema and rows after every step; and Sqitch's registry, read back,
// says where a database stands.
#include <catch2/catch.hpp>

#include "engine/importers/readers.h"
#include "engine/importers/tool_position.h"
#include "engine/schema/diff.h"
#include "engine/schema/introspect.h"
#include "engine/schema/render.h"
#include "tests/support/sqitch_project.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::backends::Backend;
using engine::backends::DatabaseKind;
using engine::importers::ImportedProject;
using engine::importers::ToolPosition;
using engine::schema::Schema;
using Strings = std::vector<std::string>;

ImportedProject ReadProject(const std::filesystem::path& folder) {
  auto project = engine::importers::ReadSqitch(folder);
  INFO(project.status().ToString());
  REQUIRE(project.ok());
  return std::move(*project);
}

// The schema of `backend`, without Sqitch's registry (PostgreSQL's `sqitch` schema; on
// SQLite the registry is a file of its own).
Schema ReadSchema(Backend& backend) {
  auto schema = engine::schema::Introspect(backend, {});
  INFO(schema.status().ToString());
  REQUIRE(schema.ok());
  engine::importers::LeaveOutToolTables(engine::importers::SourceTool::kSqitch, "", &*schema);
  return std::move(*schema);
}

Strings UserRows(Backend& backend) {
  auto has_users = backend.Query(backend.kind() == DatabaseKind::kSqlite
                                     ? "SELECT 1 FROM sqlite_schema WHERE name = 'users'"
                                     : "SELECT 1 WHERE to_regclass('public.users') IS NOT NULL",
                                 {}, "looking for users");
  REQUIRE(has_users.ok());
  if (has_users->empty()) return {};
  auto rows = backend.Query("SELECT id, name FROM users ORDER BY id", {}, "reading users");
  REQUIRE(rows.ok());
  Strings lines;
  for (const auto& row : *rows)
    lines.push_back(row.at(0).value_or("") + "|" + row.at(1).value_or(""));
  return lines;
}

// What Sqitch left in `sqitch_db` and what rev's backend left in `rev_db` are the same.
void RequireSameDatabase(Backend& sqitch_db, Backend& rev_db, const std::string& step) {
  INFO("after " << step);
  engine::schema::Changes changes = engine::schema::Diff(ReadSchema(rev_db), ReadSchema(sqitch_db));
  INFO("what rev's database lacks:\n"
       << engine::schema::RenderScript(changes,
                                       engine::schema::RenderChanges(changes, rev_db.kind())));
  CHECK(changes.empty());
  CHECK(UserRows(sqitch_db) == UserRows(rev_db));
}

void Run(Backend& backend, const std::string& sql, const std::string& what) {
  INFO(what);
  Require(backend.ExecuteScript(sql, {what, 1}));
}

ToolPosition Position(const ImportedProject& project, const TestDatabase& db) {
  auto backend = db.Open({}, /*create=*/false);
  auto position = engine::importers::ReadSqitchPosition(project, *backend, db.url());
  INFO(position.status().ToString());
  REQUIRE(position.ok());
  return *position;
}

TEST_CASE("Sqitch deploy and revert, step by step, match the imported SQL run by rev") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TempDir folder;
  WriteSampleSqitchProject(folder.path(), kind);
  ImportedProject project = ReadProject(folder.path());
  TestDatabase sqitch_db(kind);
  TestDatabase rev_db(kind);
  const std::string target = SqitchTarget(sqitch_db);
  auto rev_backend = rev_db.Open();
  const Strings targets = SampleSqitchTargets();
  REQUIRE(project.migrations.size() == targets.size());

  for (size_t i = 0; i < targets.size(); ++i) {
    RequireSqitch(folder.path(), {"deploy", "--to", targets[i], target});
    Run(*rev_backend, project.migrations[i].upgrade_sql, project.migrations[i].key + " deploy");
    auto sqitch_backend = sqitch_db.Open({}, /*create=*/false);
    RequireSameDatabase(*sqitch_backend, *rev_backend, "deploying " + targets[i]);
  }
  for (size_t i = targets.size(); i-- > 0;) {
    if (i == 0) {
      RequireSqitch(folder.path(), {"revert", "-y", target});
    } else {
      // `change^`: the change before it (users@v1.0 names nothing once @v1.0 is reverted).
      RequireSqitch(folder.path(), {"revert", "-y", "--to", targets[i] + "^", target});
    }
    REQUIRE(project.migrations[i].downgrade_sql.has_value());
    Run(*rev_backend, *project.migrations[i].downgrade_sql, project.migrations[i].key + " revert");
    auto sqitch_backend = sqitch_db.Open({}, /*create=*/false);
    RequireSameDatabase(*sqitch_backend, *rev_backend, "reverting " + targets[i]);
  }
}

TEST_CASE("Sqitch's registry says which change a database was deployed up to") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TempDir folder;
  WriteSampleSqitchProject(folder.path(), kind);
  ImportedProject project = ReadProject(folder.path());
  TestDatabase db(kind);
  const std::string target = SqitchTarget(db);

  ToolPosition before = Position(project, db);
  CHECK_FALSE(before.found);
  CHECK(before.keys.empty());

  RequireSqitch(folder.path(), {"deploy", "--to", "data/seed", target});
  if (db.is_sqlite()) {
    // Sqitch 1.3 keeps the registry beside the database: app.db -> sqitch.db.
    CHECK(std::filesystem::exists(db.sqlite_file().parent_path() / "sqitch.db"));
  }
  ToolPosition halfway = Position(project, db);
  CHECK(halfway.found);
  CHECK(halfway.keys == Strings{"data/seed"});

  SECTION("the rework deployed: the later instance") {
    RequireSqitch(folder.path(), {"deploy", target});
    CHECK(Position(project, db).keys == Strings{"users"});
  }
  SECTION("everything reverted: found, nothing applied") {
    RequireSqitch(folder.path(), {"revert", "-y", target});
    ToolPosition reverted = Position(project, db);
    CHECK(reverted.found);
    CHECK(reverted.keys.empty());
  }
  SECTION("a plan of another project is refused") {
    std::string plan = ReadFile(folder / "sqitch.plan");
    plan.replace(plan.find("%project=flipr"), 14, "%project=other");
    WriteFile(folder / "sqitch.plan", plan);
    auto backend = db.Open({}, false);
    auto position =
        engine::importers::ReadSqitchPosition(ReadProject(folder.path()), *backend, db.url());
    REQUIRE_FALSE(position.ok());
    CHECK(position.status().code() == StatusCode::kRefused);
    CHECK(position.status().message().find("'flipr'") != std::string::npos);
  }
  SECTION("a plan without a deployed change is refused") {
    std::string plan = ReadFile(folder / "sqitch.plan");
    const size_t seed = plan.find("data/seed");
    plan.erase(seed, plan.find("noop") - seed);
    WriteFile(folder / "sqitch.plan", plan);
    auto backend = db.Open({}, false);
    auto position =
        engine::importers::ReadSqitchPosition(ReadProject(folder.path()), *backend, db.url());
    REQUIRE_FALSE(position.ok());
    CHECK(position.status().code() == StatusCode::kRefused);
    CHECK(position.status().message().find("'data/seed' as deployed, which the plan does not") !=
          std::string::npos);
  }
  SECTION("a plan whose changes were reordered is refused") {
    std::string plan = ReadFile(folder / "sqitch.plan");
    const size_t flips = plan.find("flips [users]");
    const size_t seed = plan.find("data/seed");
    const std::string flips_line = plan.substr(flips, seed - flips);
    plan.erase(flips, seed - flips);
    plan.insert(plan.find("noop"), flips_line);
    WriteFile(folder / "sqitch.plan", plan);
    auto backend = db.Open({}, false);
    auto position =
        engine::importers::ReadSqitchPosition(ReadProject(folder.path()), *backend, db.url());
    REQUIRE_FALSE(position.ok());
    CHECK(position.status().code() == StatusCode::kRefused);
    CHECK(position.status().message().find("'flips' as deployed change 2") != std::string::npos);
  }
}

}  // namespace
}  // namespace rev::testing
