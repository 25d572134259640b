// Upgrade plans: every needed revision once, after its down_revisions and depends_on, in
// SPEC §2's order where the graph leaves it free, with the version table's rows before and
// after each step, as Alembic 1.8 would leave them.
#include <catch2/catch.hpp>

#include "tests/support/plans.h"

namespace rev::testing {
namespace {

using Rows = std::vector<Names>;

auto Linear() { return Graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}}); }

// a ─┬─ b ─┐
//    └─ c ─┴─ m
auto Diamond() { return Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}, {"m", {"b", "c"}}}); }

TEST_CASE("a linear history upgrades one step at a time, updating the one row", "[planner]") {
  auto plan = Upgrade(Linear(), {}, "head");
  CHECK(StepNames(plan) == Names{"a", "b", "c"});
  CHECK(EditKinds(plan) == Names{"insert", "update", "update"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"a"}, {"b"}, {"c"}});
  CHECK(plan.start_heads.empty());
  CHECK(ToNames(plan.end_heads) == Names{"c"});
  CHECK(ToNames(plan.steps[1].from_heads) == Names{"a"});
  CHECK(plan.steps[1].direction == engine::Direction::kUpgrade);
}

TEST_CASE("an upgrade starts from the current heads and stops at the target", "[planner]") {
  CHECK(StepNames(Upgrade(Linear(), {"a"}, "heads")) == Names{"b", "c"});
  CHECK(StepNames(Upgrade(Linear(), {}, "b")) == Names{"a", "b"});
  CHECK(StepNames(Upgrade(Linear(), {}, "base")).empty());
}

TEST_CASE("a target already reached, or below the heads, plans nothing", "[planner]") {
  CHECK(Upgrade(Linear(), {"c"}, "c").empty());
  auto plan = Upgrade(Linear(), {"c"}, "a");
  CHECK(plan.empty());
  CHECK(ToNames(plan.end_heads) == Names{"c"});
}

TEST_CASE("branches: each branch after the branch point, the older first", "[planner]") {
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}});
  auto plan = Upgrade(graph, {}, "heads");
  CHECK(StepNames(plan) == Names{"a", "b", "c"});
  CHECK(EditKinds(plan) == Names{"insert", "update", "insert"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"a"}, {"b"}, {"b", "c"}});
}

TEST_CASE("where the graph leaves the order free, created_at decides, then the id", "[planner]") {
  auto by_time = Graph({{"a"},
                        Rev("b", {"a"}).At("2026-03-02T00:00:00Z"),
                        Rev("c", {"a"}).At("2026-03-01T00:00:00Z")});
  CHECK(StepNames(Upgrade(by_time, {}, "heads")) == Names{"a", "c", "b"});
  auto same_time = Graph({{"a"},
                          Rev("z", {"a"}).At("2026-03-01T00:00:00Z"),
                          Rev("y", {"a"}).At("2026-03-01T00:00:00Z")});
  CHECK(StepNames(Upgrade(same_time, {}, "heads")) == Names{"a", "y", "z"});
}

TEST_CASE("a child older than its parent still comes after it", "[planner]") {
  auto skewed =
      Graph({Rev("a").At("2026-03-02T00:00:00Z"), Rev("b", {"a"}).At("2026-01-01T00:00:00Z")});
  CHECK(StepNames(Upgrade(skewed, {}, "head")) == Names{"a", "b"});
}

TEST_CASE("a merge point merges its parents' rows into one", "[planner]") {
  auto plan = Upgrade(Diamond(), {}, "head");
  CHECK(StepNames(plan) == Names{"a", "b", "c", "m"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"a"}, {"b"}, {"b", "c"}, {"m"}});
  const auto& merge = plan.steps[3].edit;
  CHECK(merge.kind == engine::VersionEdit::Kind::kMerge);
  CHECK(ToNames(merge.deletes) == Names{"c"});
  CHECK(merge.update_from == std::optional(Id("b")));
  CHECK(merge.update_to == std::optional(Id("m")));
}

TEST_CASE("a merge from one branch applies the other branch first", "[planner]") {
  auto plan = Upgrade(Diamond(), {"b"}, "m");
  CHECK(StepNames(plan) == Names{"c", "m"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"b", "c"}, {"m"}});
}

TEST_CASE("+1 at a merge applies what the merge still needs", "[planner]") {
  CHECK(StepNames(Upgrade(Diamond(), {"b"}, "+1")) == Names{"c", "m"});
}

TEST_CASE("criss-cross merges: the second merge starts its own row", "[planner]") {
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}, {"m1", {"b", "c"}}, {"m2", {"b", "c"}}});
  auto plan = Upgrade(graph, {}, "heads");
  CHECK(StepNames(plan) == Names{"a", "b", "c", "m1", "m2"});
  CHECK(EditKinds(plan) == Names{"insert", "update", "insert", "merge", "insert"});
  CHECK(RowsAfterEachStep(plan).back() == Names{"m1", "m2"});
  CHECK(UpgradeError(graph, {}, "head").code() == StatusCode::kAmbiguous);
}

TEST_CASE("several bases: each line starts its own row", "[planner]") {
  auto graph = Graph({{"a1"}, {"b1"}, {"a2", {"a1"}}, {"b2", {"b1"}}});
  auto plan = Upgrade(graph, {}, "heads");
  CHECK(StepNames(plan) == Names{"a1", "b1", "a2", "b2"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"a1"}, {"a1", "b1"}, {"a2", "b1"}, {"a2", "b2"}});
  CHECK(StepNames(Upgrade(graph, {"a2"}, "b2")) == Names{"b1", "b2"});
}

TEST_CASE("label@head upgrades that branch alone", "[planner]") {
  auto graph = Graph({{"a"},
                      Rev("s1", {"a"}).Labels({"shop"}),
                      Rev("b1", {"a"}).Labels({"blog"}),
                      {"s2", {"s1"}},
                      {"b2", {"b1"}}});
  CHECK(StepNames(Upgrade(graph, {}, "shop@head")) == Names{"a", "s1", "s2"});
  CHECK(StepNames(Upgrade(graph, {"s2"}, "blog@head")) == Names{"b1", "b2"});
  CHECK(RowsAfterEachStep(Upgrade(graph, {"s2"}, "blog@head")).back() == Names{"b2", "s2"});
}

TEST_CASE("depends_on: the dependency's branch comes first and its row is consumed", "[planner]") {
  // a ─ b            (core)
  // x ─ y, y depends on b
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"x"}, Rev("y", {"x"}).DependsOn({"b"})});
  auto plan = Upgrade(graph, {}, "y");
  CHECK(StepNames(plan) == Names{"a", "b", "x", "y"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"a"}, {"b"}, {"b", "x"}, {"y"}});
  CHECK(EditKinds(plan).back() == "merge");
  CHECK(StepNames(Upgrade(graph, {"x"}, "y")) == Names{"a", "b", "y"});
}

TEST_CASE("a revision only depended upon is still a head and may be upgraded to", "[planner]") {
  auto graph = Graph({{"a"}, {"x"}, Rev("y", {"x"}).DependsOn({"a"})});
  CHECK(StepNames(Upgrade(graph, {}, "heads")) == Names{"a", "x", "y"});
  CHECK(ToNames(Upgrade(graph, {}, "heads").end_heads) == Names{"y"});
  CHECK(UpgradeError(graph, {}, "head").code() == StatusCode::kAmbiguous);
}

TEST_CASE("depends_on may name a branch label: the revision that declares it", "[planner]") {
  // a ─ b (declares `core`) ─ c      x ─ y, y depends on `core`: on b, not on c
  auto graph = Graph({{"a"},
                      Rev("b", {"a"}).Labels({"core"}),
                      {"c", {"b"}},
                      {"x"},
                      Rev("y", {"x"}).DependsOn({"core"})});
  CHECK(ToNames(graph.Dependencies(Id("y"))) == Names{"b"});
  CHECK(ToNames(graph.Dependents(Id("b"))) == Names{"y"});
  auto plan = Upgrade(graph, {}, "y");
  CHECK(StepNames(plan) == Names{"a", "b", "x", "y"});
  CHECK(ToNames(plan.end_heads) == Names{"y"});
  CHECK(ToNames(graph.Heads()) == Names{"c", "y"});
}

TEST_CASE("a plan that would leave a revision and its ancestor as rows is refused", "[planner]") {
  // The version table holds a and c, c built on a: it overlaps (Alembic refuses too).
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"c"}}});
  Status status = UpgradeError(graph, {"a", "c"}, "head");
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK_THAT(status.message(),
             Catch::Contains("d and its ancestor a") && Catch::Contains("overlap"));
  CHECK_THAT(status.hint(), Catch::Contains("rev stamp"));
  // Going down to a removes c and b: the rows no longer overlap, so that plan stands.
  auto down = Downgrade(graph, {"a", "c"}, "a");
  CHECK(StepNames(down) == Names{"c", "b"});
  CHECK(ToNames(down.end_heads) == Names{"a"});
}

TEST_CASE("relative upgrades walk up from the current head", "[planner]") {
  CHECK(StepNames(Upgrade(Linear(), {}, "+1")) == Names{"a"});
  CHECK(StepNames(Upgrade(Linear(), {"a"}, "+2")) == Names{"b", "c"});
  CHECK(StepNames(Upgrade(Linear(), {}, "a+1")) == Names{"a", "b"});
  CHECK(StepNames(Upgrade(Linear(), {}, "c-1")) == Names{"a", "b"});
  CHECK(StepNames(Upgrade(Linear(), {}, "head-2")) == Names{"a"});
  CHECK(Upgrade(Linear(), {}, "a-1").empty());  // down to base: nothing to apply
}

TEST_CASE("relative upgrades that cannot be followed are refused", "[planner]") {
  Status past = UpgradeError(Linear(), {"b"}, "+2");
  CHECK(past.code() == StatusCode::kInvalidInput);
  CHECK_THAT(past.message(), Catch::Contains("past the last"));
  Status down = UpgradeError(Linear(), {"b"}, "-1");
  CHECK(down.code() == StatusCode::kInvalidInput);
  CHECK_THAT(down.hint(), Catch::Contains("rev downgrade -1"));
  auto branches = Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}});
  Status fork = UpgradeError(branches, {"a"}, "+1");
  CHECK(fork.code() == StatusCode::kAmbiguous);
  CHECK_THAT(fork.message(),
             Catch::Contains("branch point") && Catch::Contains("b") && Catch::Contains("c"));
  Status several = UpgradeError(branches, {"b", "c"}, "+1");
  CHECK(several.code() == StatusCode::kAmbiguous);
  CHECK_THAT(several.hint(), Catch::Contains("label@+1"));
}

TEST_CASE("label@+N follows the branch through a branch point", "[planner]") {
  auto graph = Graph({{"a"}, Rev("s1", {"a"}).Labels({"shop"}), {"b1", {"a"}}, {"s2", {"s1"}}});
  CHECK(StepNames(Upgrade(graph, {"a"}, "shop@+1")) == Names{"s1"});
  CHECK(StepNames(Upgrade(graph, {"a"}, "shop@+2")) == Names{"s1", "s2"});
  // No current head on the branch: start from what is applied of it.
  CHECK(StepNames(Upgrade(graph, {"b1"}, "shop@+1")) == Names{"s1"});
  CHECK(StepNames(Upgrade(graph, {}, "shop@+2")) == Names{"a", "s1"});
}

TEST_CASE("a current head the folder does not know is refused", "[planner]") {
  Status status = UpgradeError(Linear(), {"zzz"}, "head");
  CHECK(status.code() == StatusCode::kNotFound);
  CHECK_THAT(status.message(), Catch::Contains("zzz"));
}

TEST_CASE("ranges are for --sql: PlanRange starts from START's rows", "[planner]") {
  auto graph = Diamond();
  auto range = ParsedRange("b:m");
  auto plan = engine::PlanRange(graph, range, engine::Direction::kUpgrade);
  REQUIRE(plan.ok());
  CHECK(StepNames(*plan) == Names{"c", "m"});
  CHECK(ToNames(plan->start_heads) == Names{"b"});
  auto from_base = engine::PlanRange(graph, ParsedRange(":b"), engine::Direction::kUpgrade);
  REQUIRE(from_base.ok());
  CHECK(StepNames(*from_base) == Names{"a", "b"});
  CHECK(engine::ParseTarget("a:b").status().code() == StatusCode::kInvalidInput);
}

TEST_CASE("Alembic's partial order holds whatever the dates say", "[planner]") {
  // Dates that contradict the graph change nothing the graph fixes.
  auto graph = Graph({Rev("a").At("2026-09-01T00:00:00Z"), Rev("x").At("2026-01-01T00:00:00Z"),
                      Rev("b", {"a"}).At("2025-01-01T00:00:00Z"),
                      Rev("y", {"x"}).DependsOn({"b"}).At("2024-01-01T00:00:00Z")});
  Names order = StepNames(Upgrade(graph, {}, "heads"));
  CHECK(ComesBefore(order, "a", "b"));
  CHECK(ComesBefore(order, "b", "y"));
  CHECK(ComesBefore(order, "x", "y"));
  CHECK(order == Names{"x", "a", "b", "y"});  // and where it is free, SPEC §2's order
}

TEST_CASE("every upgrade plan respects the graph", "[planner]") {
  auto graph = Graph(TwoBasesWithDependencies());
  for (const Names& current : std::vector<Names>{{}, {"a"}, {"b"}, {"x"}, {"b", "x"}, {"y"}}) {
    auto plan = Upgrade(graph, current, "heads");
    CAPTURE(current, StepNames(plan));
    CHECK(RespectsGraph(graph, StepNames(plan), false));
    CHECK(ToNames(plan.end_heads) == Names{"z"});
  }
}

}  // namespace
}  // namespace rev::testing
