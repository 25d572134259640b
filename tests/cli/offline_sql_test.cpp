// upgrade/downgrade --sql: the plan as SQL or JSON steps, with no database opened.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

void LinearProject(Project* p) {
  p->Revision(Rev("a1").Upgrade("CREATE TABLE users (id int);").Downgrade("DROP TABLE users;"));
  p->Revision(Rev("b2", {"a1"}).Upgrade("ALTER TABLE users ADD email text;"));
  p->Revision(Rev("c3", {"b2"}).Upgrade("CREATE INDEX users_email ON users (email);"));
}

TEST_CASE("upgrade --sql prints the script from base to head, no database file appears",
          "[cli][sql]") {
  Project p;
  LinearProject(&p);
  auto result = p.Rev({"upgrade", "--sql"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Catch::Contains("CREATE TABLE users (id int);") &&
                             Catch::Contains("-- Running upgrade  -> a1") &&
                             Catch::Contains("-- Running upgrade b2 -> c3") &&
                             Catch::Contains("rev_version"));
  CHECK(result.out.find("CREATE TABLE users") < result.out.find("ADD email"));
  CHECK_FALSE(std::filesystem::exists(p.root() / "app.db"));
}

TEST_CASE("upgrade --sql --json: steps with from and to, in execution order", "[cli][sql]") {
  Project p;
  LinearProject(&p);
  auto result = p.Rev({"upgrade", "a1:c3", "--sql", "--json"});
  REV_REQUIRE_EXIT(result, 0);
  auto steps = JsonOf(result)["steps"];
  REQUIRE(steps.size() == 2);
  CHECK(steps[0]["revision"] == "b2");
  CHECK(steps[0]["direction"] == "upgrade");
  CHECK(steps[0]["from"] == nlohmann::json::array({"a1"}));
  CHECK(steps[0]["to"] == nlohmann::json::array({"b2"}));
  CHECK(steps[1]["revision"] == "c3");
  CHECK(steps[1]["from"] == nlohmann::json::array({"b2"}));
  CHECK(steps[1]["to"] == nlohmann::json::array({"c3"}));
}

// One step of a plan document, as "revision direction [from] -> [to]".
std::string StepText(const nlohmann::json& step) {
  auto ids = [](const nlohmann::json& list) {
    std::string text;
    for (const auto& id : list) text += (text.empty() ? "" : ",") + id.get<std::string>();
    return "[" + text + "]";
  };
  return step["revision"].get<std::string>() + " " + step["direction"].get<std::string>() + " " +
         ids(step["from"]) + " -> " + ids(step["to"]);
}

std::vector<std::string> StepTexts(const ProcessResult& result) {
  std::vector<std::string> texts;
  nlohmann::json document = JsonOf(result);
  for (const auto& step : document["steps"]) texts.push_back(StepText(step));
  return texts;
}

TEST_CASE("plan --json over a branch and its merge: from and to are the version table's rows",
          "[cli][sql]") {
  Project p;
  // a1 -> b2 -> {c3, d4} -> e5, the merge; d4 is the younger branch.
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"b2"}});
  p.Revision({"d4", {"b2"}});
  p.Revision(Rev("e5", {"c3", "d4"}).Merge());
  using Steps = std::vector<std::string>;

  auto up = p.Rev({"upgrade", "--sql", "--json"});
  REV_REQUIRE_EXIT(up, 0);
  CHECK(StepTexts(up) == Steps{"a1 upgrade [] -> [a1]", "b2 upgrade [a1] -> [b2]",
                               "c3 upgrade [b2] -> [c3]", "d4 upgrade [c3] -> [c3,d4]",
                               "e5 upgrade [c3,d4] -> [e5]"});

  auto from_branch = p.Rev({"upgrade", "c3:e5", "--sql", "--json"});
  REV_REQUIRE_EXIT(from_branch, 0);
  CHECK(StepTexts(from_branch) ==
        Steps{"d4 upgrade [c3] -> [c3,d4]", "e5 upgrade [c3,d4] -> [e5]"});

  // Down through the merge: the merge row splits into both parents, the younger goes first.
  auto down = p.Rev({"downgrade", "e5:b2", "--sql", "--json"});
  REV_REQUIRE_EXIT(down, 0);
  CHECK(StepTexts(down) == Steps{"e5 downgrade [e5] -> [c3,d4]", "d4 downgrade [c3,d4] -> [c3]",
                                 "c3 downgrade [c3] -> [b2]"});
}

TEST_CASE("downgrade --sql needs START:TARGET, as Alembic", "[cli][sql]") {
  Project p;
  LinearProject(&p);
  auto bare = p.Rev({"downgrade", "--sql", "-1"});
  REV_CHECK_EXIT(bare, 2);
  CHECK_THAT(bare.err, Catch::Contains("START:TARGET"));
  auto ranged = p.Rev({"downgrade", "--sql", "c3:a1", "--json"});
  REV_REQUIRE_EXIT(ranged, 0);
  auto steps = JsonOf(ranged)["steps"];
  REQUIRE(steps.size() == 2);
  CHECK(steps[0]["revision"] == "c3");
  CHECK(steps[0]["direction"] == "downgrade");
  CHECK(steps[0]["from"] == nlohmann::json::array({"c3"}));
  CHECK(steps[1]["to"] == nlohmann::json::array({"a1"}));
  auto script = p.Rev({"downgrade", "--sql", "c3:-1"});
  REV_REQUIRE_EXIT(script, 0);
  CHECK_THAT(script.out, Catch::Contains("-- Running downgrade c3 -> b2"));
}

TEST_CASE("downgrade --sql through a revision without a downgrade section exits 2", "[cli][sql]") {
  Project p;
  p.Revision(Rev("a1").NoDowngrade());
  p.Revision({"b2", {"a1"}});
  auto result = p.Rev({"downgrade", "--sql", "b2:base"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Catch::Contains("revisions/a1_revision_a1.sql:") &&
                             Catch::Contains("no downgrade section"));
}

TEST_CASE("upgrade head with several heads exits 2 naming them and the fixes", "[cli][sql]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  auto result = p.Rev({"upgrade", "--sql"});
  REV_CHECK_EXIT(result, 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Catch::Contains("b2") && Catch::Contains("c3") &&
                             Catch::Contains("rev merge heads") &&
                             Catch::Contains("rev upgrade heads") && Catch::Contains("@head"));
  auto heads = p.Rev({"upgrade", "heads", "--sql", "--json"});
  REV_REQUIRE_EXIT(heads, 0);
  CHECK(JsonOf(heads)["steps"].size() == 3);
}

TEST_CASE("an empty upgrade section is refused before any SQL is printed", "[cli][sql]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).Upgrade(""));
  auto result = p.Rev({"upgrade", "--sql"});
  REV_CHECK_EXIT(result, 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err,
             Catch::Contains("revisions/b2_revision_b2.sql:") && Catch::Contains("empty upgrade"));
}

TEST_CASE("upgrade and downgrade without --sql need a database URL", "[cli][sql]") {
  Project p("revisions: revisions\n");
  p.Revision("a1");
  auto before = p.Snapshot();
  auto up = p.Rev({"upgrade"});
  REV_CHECK_EXIT(up, 2);
  CHECK_THAT(up.err, Catch::Contains("no database") && Catch::Contains("-d URL"));
  REV_CHECK_EXIT(p.Rev({"downgrade", "base"}), 2);
  CHECK(p.Snapshot() == before);
}

TEST_CASE("the SQL dialect follows the database URL", "[cli][sql]") {
  Project p("revisions: revisions\ndatabase: sqlite:///app.db\nversion_table_schema: app\n");
  LinearProject(&p);
  auto sqlite = p.Rev({"upgrade", "--sql"});
  auto postgres = p.Rev({"upgrade", "--sql", "-d", "postgresql://u@localhost/app"});
  REV_REQUIRE_EXIT(sqlite, 0);
  REV_REQUIRE_EXIT(postgres, 0);
  CHECK(sqlite.out.find("app.rev_version") == std::string::npos);
  CHECK_THAT(postgres.out, Catch::Contains("UPDATE app.rev_version"));
  auto unknown = p.Rev({"upgrade", "--sql", "-d", "mysql://x/y"});
  REV_CHECK_EXIT(unknown, 2);
}

}  // namespace
}  // namespace rev::testing
