// `rev import sqitch` end to end, against Sqitch itself: the imported revisions build the
// schema `sqitch deploy` builds, and `--adopt` takes over a database Sqitch deployed
// halfway, so that `rev upgrade head` runs only the rest.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/importers/tool_position.h"
#include "engine/schema/diff.h"
#include "engine/schema/introspect.h"
#include "engine/schema/render.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"
#include "tests/support/sqitch_project.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::importers::SourceTool;
using nlohmann::json;

// rev.yaml's dev_database: line for a PostgreSQL project (the schema comparison of --adopt
// loads the revisions into a scratch database on the tests' server).
std::string DevDatabaseYaml(engine::backends::DatabaseKind kind) {
  if (kind != engine::backends::DatabaseKind::kPostgres) return "";
  const char* url = std::getenv("REV_TEST_POSTGRES_URL");
  if (url == nullptr) FAIL("REV_TEST_POSTGRES_URL is not set");
  return std::string("dev_database: ") + url + "\n";
}

// The sample Sqitch project's keys as rev ids: RevisionIdFor's `_` for `@`, `.` and `/`.
const Lines kIds = {"users_v1_0", "flips", "data_seed", "noop", "flips_index", "users"};

engine::schema::Schema ReadSchema(const TestDatabase& db) {
  auto backend = db.Open({}, /*create=*/false);
  auto schema = engine::schema::Introspect(*backend, {});
  INFO(schema.status().ToString());
  REQUIRE(schema.ok());
  engine::importers::LeaveOutToolTables(SourceTool::kSqitch, "", &*schema);
  return std::move(*schema);
}

// rev's database and Sqitch's have the same schema (registries aside) and the same users.
void RequireSameDatabase(const TestDatabase& rev_db, const TestDatabase& sqitch_db) {
  engine::schema::Changes changes = engine::schema::Diff(ReadSchema(rev_db), ReadSchema(sqitch_db));
  INFO("what rev's database lacks:\n"
       << engine::schema::RenderScript(changes,
                                       engine::schema::RenderChanges(changes, rev_db.kind())));
  CHECK(changes.empty());
  if (sqitch_db.HasTable("users")) {
    const std::string users = "SELECT id, name FROM users ORDER BY id";
    CHECK(rev_db.Query(users) == sqitch_db.Query(users));
  }
}

TEST_CASE("rev import sqitch, then rev upgrade head, builds what sqitch deploy builds",
          "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteSampleSqitchProject(p.root() / "legacy", kind);
  TestDatabase sqitch_db(kind);

  auto imported = p.Rev({"import", "sqitch", "legacy"});
  REV_REQUIRE_EXIT(imported, 0);
  CHECK_THAT(imported.out, Contains("Imported 6 revisions from sqitch (legacy)") &&
                               Contains("(from legacy/sqitch.plan:5)") &&
                               Contains("Kept as deliberate no-ops") && Contains("noop"));
  if (kind == engine::backends::DatabaseKind::kPostgres) {
    CHECK_THAT(imported.out, Contains("flips_index: ") && Contains("CONCURRENTLY"));
  }
  CHECK(p.RevisionFiles().size() == kIds.size());
  REV_REQUIRE_EXIT(p.Rev({"validate"}), 0);

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  RequireSqitch(p.root() / "legacy", {"deploy", SqitchTarget(sqitch_db)});
  RequireSameDatabase(p.db(), sqitch_db);

  SECTION("and back: rev downgrade base undoes what sqitch revert undoes") {
    REV_REQUIRE_EXIT(p.Rev({"downgrade", "base"}), 0);
    RequireSqitch(p.root() / "legacy", {"revert", "-y", SqitchTarget(sqitch_db)});
    RequireSameDatabase(p.db(), sqitch_db);
    CHECK_FALSE(p.HasTable("users"));
  }
}

TEST_CASE("rev import sqitch --adopt takes over a database Sqitch deployed halfway", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, DevDatabaseYaml(kind));
  WriteSampleSqitchProject(p.root() / "legacy", kind);
  RequireSqitch(p.root() / "legacy", {"deploy", "--to", "data/seed", SqitchTarget(p.db())});

  auto adopted = p.Rev({"import", "sqitch", "legacy", "--adopt", "--json"});
  REV_REQUIRE_EXIT(adopted, 0);
  json adopt = JsonOf(adopted)["adopt"];
  CHECK(adopt["table_found"] == true);
  CHECK(adopt["current"] == json::array({"data_seed"}));
  CHECK(adopt["pending"] == json::array({"noop", "flips_index", "users"}));
  CHECK(adopt["schema_differences"] == 0);
  CHECK(p.Heads() == Lines{"data_seed"});

  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["current"] == json::array({"data_seed"}));
  CHECK(status["pending"] == json::array({"noop", "flips_index", "users"}));

  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head"}), 0);
  Lines upgrades;
  for (const std::string& row : p.History()) {
    if (row.find(" upgrade ") != std::string::npos) upgrades.push_back(row);
  }
  CHECK(upgrades ==
        Lines{"noop upgrade applied", "flips_index upgrade applied", "users upgrade applied"});
  CHECK(p.Query("SELECT count(*) FROM users") == Lines{"1"});  // the seed ran once

  TestDatabase sqitch_db(kind);
  RequireSqitch(p.root() / "legacy", {"deploy", SqitchTarget(sqitch_db)});
  RequireSameDatabase(p.db(), sqitch_db);
  // Sqitch's registry is left as it was: it still records three changes.
  const std::string count = "SELECT count(*) FROM ";
  if (p.db().is_sqlite()) {
    const auto registry = p.db().sqlite_file().parent_path() / "sqitch.db";
    auto rows = RunProcess({"sqlite3", "-readonly", registry.string(), count + "changes"});
    CHECK(SplitLines(rows.out) == Lines{"3"});
  } else {
    CHECK(p.Query(count + "sqitch.changes") == Lines{"3"});
  }
}

TEST_CASE("rev import sqitch --adopt refuses a registry of another project, writing nothing",
          "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteSampleSqitchProject(p.root() / "legacy", kind);
  RequireSqitch(p.root() / "legacy", {"deploy", "--to", "flips", SqitchTarget(p.db())});
  std::string plan = ReadFile(p.root() / "legacy" / "sqitch.plan");
  plan.replace(plan.find("%project=flipr"), 14, "%project=other");
  WriteFile(p.root() / "legacy" / "sqitch.plan", plan);

  auto before = p.Snapshot();
  auto refused = p.Rev({"import", "sqitch", "legacy", "--adopt"});
  REV_CHECK_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("registry of project 'flipr', not of 'other'"));
  CHECK(p.Snapshot() == before);
}

TEST_CASE("rev import sqitch refuses a plan with a dependency cycle at its line", "[cli]") {
  Project p;
  WriteSampleSqitchProject(p.root() / "legacy", engine::backends::DatabaseKind::kSqlite);
  std::string plan = ReadFile(p.root() / "legacy" / "sqitch.plan");
  plan.replace(plan.find("users 2024"), 5, "users [flips]");
  WriteFile(p.root() / "legacy" / "sqitch.plan", plan);

  auto before = p.Snapshot();
  auto refused = p.Rev({"import", "sqitch", "legacy"});
  REV_CHECK_EXIT(refused, 2);
  CHECK_THAT(refused.err, Contains("legacy/sqitch.plan:5") &&
                              Contains("'users' requires 'flips', which is planned after it"));
  CHECK(p.Snapshot() == before);
}

}  // namespace
}  // namespace rev::testing
