// A plan through a revision without the section it needs is refused before it runs.
#include "validators/plan_sections.h"

#include <catch2/catch.hpp>

#include "engine/planner.h"
#include "tests/support/graph_literals.h"
#include "tests/support/validate_project.h"

namespace rev::testing {
namespace {

TEST_CASE("an upgrade through an empty upgrade section is refused at its file", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).Upgrade(""));
  auto graph = LoadGraph(p.root());
  auto plan = engine::PlanUpgrade(graph, {}, engine::KeywordTarget{engine::Keyword::kHead, {}});
  REQUIRE(plan.ok());
  Status status = validators::CheckPlanSections(graph, *plan);
  REQUIRE(status.code() == StatusCode::kInvalidInput);
  REQUIRE(status.location());
  CHECK(status.location()->file == "revisions/b2_revision_b2.sql");
  CHECK_THAT(status.message(), Catch::Contains("b2"));

  auto up_to_a1 = engine::PlanUpgrade(graph, {}, engine::NamedTarget{"a1", std::nullopt});
  REQUIRE(up_to_a1.ok());
  CHECK(validators::CheckPlanSections(graph, *up_to_a1).ok());
}

TEST_CASE("a deliberate no-op runs in both directions, with or without a downgrade",
          "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).Upgrade("-- nothing to do on this database").NoDowngrade());
  p.Revision(Rev("c3", {"b2"}).Upgrade("/* nor here */").Downgrade(""));
  auto graph = LoadGraph(p.root());
  auto up = engine::PlanUpgrade(graph, {}, engine::KeywordTarget{engine::Keyword::kHead, {}});
  REQUIRE(up.ok());
  CHECK(validators::CheckPlanSections(graph, *up).ok());
  auto down =
      engine::PlanDowngrade(graph, Ids({"c3"}), engine::KeywordTarget{engine::Keyword::kBase, {}});
  REQUIRE(down.ok());
  CHECK(validators::CheckPlanSections(graph, *down).ok());
}

TEST_CASE("merge revisions may be empty in both directions", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  p.Revision(Rev("d4", {"b2", "c3"}).Merge().NoDowngrade());
  auto graph = LoadGraph(p.root());
  auto up = engine::PlanUpgrade(graph, {}, engine::KeywordTarget{engine::Keyword::kHead, {}});
  REQUIRE(up.ok());
  CHECK(validators::CheckPlanSections(graph, *up).ok());
  auto down =
      engine::PlanDowngrade(graph, Ids({"d4"}), engine::KeywordTarget{engine::Keyword::kBase, {}});
  REQUIRE(down.ok());
  CHECK(validators::CheckPlanSections(graph, *down).ok());
}

TEST_CASE("a downgrade through a revision without a downgrade section is refused", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).NoDowngrade());
  p.Revision(Rev("c3", {"b2"}).Downgrade(""));
  auto graph = LoadGraph(p.root());
  auto down_one =
      engine::PlanDowngrade(graph, Ids({"c3"}), engine::NamedTarget{"b2", std::nullopt});
  REQUIRE(down_one.ok());
  CHECK(validators::CheckPlanSections(graph, *down_one).ok());  // an empty section runs nothing
  auto down =
      engine::PlanDowngrade(graph, Ids({"c3"}), engine::KeywordTarget{engine::Keyword::kBase, {}});
  REQUIRE(down.ok());
  Status status = validators::CheckPlanSections(graph, *down);
  REQUIRE(status.code() == StatusCode::kInvalidInput);
  CHECK(status.location()->file == "revisions/b2_revision_b2.sql");
}

}  // namespace
}  // namespace rev::testing
