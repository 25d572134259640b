// Downgrade plans: every applied revision built on the target (dependents included) goes,
// each before its down_revisions and depends_on, newest first, with Alembic's head
// arithmetic for the rows it leaves.
#include <catch2/catch.hpp>

#include "tests/support/plans.h"

namespace rev::testing {
namespace {

using Rows = std::vector<Names>;

auto Linear() { return Graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}}); }
auto Diamond() { return Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}, {"m", {"b", "c"}}}); }
auto TwoBranches() {
  return Graph({{"a"}, Rev("b", {"a"}).Labels({"shop"}), Rev("c", {"a"}).Labels({"blog"})});
}

TEST_CASE("a linear downgrade removes from the top, one row updated each step", "[planner]") {
  auto plan = Downgrade(Linear(), {"c"}, "base");
  CHECK(StepNames(plan) == Names{"c", "b", "a"});
  CHECK(EditKinds(plan) == Names{"update", "update", "delete"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"b"}, {"a"}, {}});
  CHECK(plan.direction == engine::Direction::kDowngrade);
  CHECK(plan.steps[0].direction == engine::Direction::kDowngrade);
  CHECK(plan.end_heads.empty());
}

TEST_CASE("downgrade -N walks down from the current head, a revision target stays applied",
          "[planner]") {
  CHECK(StepNames(Downgrade(Linear(), {"c"}, "-1")) == Names{"c"});
  CHECK(StepNames(Downgrade(Linear(), {"c"}, "-2")) == Names{"c", "b"});
  CHECK(StepNames(Downgrade(Linear(), {"c"}, "-3")) == Names{"c", "b", "a"});
  CHECK(StepNames(Downgrade(Linear(), {"c"}, "a")) == Names{"c", "b"});
  CHECK(StepNames(Downgrade(Linear(), {"c"}, "c-2")) == Names{"c", "b"});
  CHECK(StepNames(Downgrade(Linear(), {"c"}, "a+1")) == Names{"c"});
  CHECK(Downgrade(Linear(), {"c"}, "c").empty());
}

TEST_CASE("downgrade -N past base, +N and nothing applied are refused", "[planner]") {
  Status below = DowngradeError(Linear(), {"c"}, "-4");
  CHECK(below.code() == StatusCode::kInvalidInput);
  CHECK_THAT(below.message(), Catch::Contains("below"));
  Status up = DowngradeError(Linear(), {"a"}, "+1");
  CHECK(up.code() == StatusCode::kInvalidInput);
  CHECK_THAT(up.hint(), Catch::Contains("rev upgrade +1"));
  CHECK(DowngradeError(Linear(), {}, "-1").code() == StatusCode::kInvalidInput);
}

TEST_CASE("downgrade -1 at a merge point is ambiguous, as in Alembic, and says how to choose",
          "[planner]") {
  Status status = DowngradeError(Diamond(), {"m"}, "-1");
  CHECK(status.code() == StatusCode::kAmbiguous);
  CHECK_THAT(status.message(),
             Catch::Contains("merge point") && Catch::Contains("b") && Catch::Contains("c"));
  CHECK_THAT(status.hint(), Catch::Contains("`b`"));
}

TEST_CASE("downgrading a merge point unmerges its row into its parents'", "[planner]") {
  auto plan = Downgrade(Diamond(), {"m"}, "b");
  CHECK(StepNames(plan) == Names{"m"});
  const auto& edit = plan.steps[0].edit;
  CHECK(edit.kind == engine::VersionEdit::Kind::kUnmerge);
  CHECK(edit.update_from == std::optional(Id("m")));
  CHECK(edit.update_to == std::optional(Id("b")));
  CHECK(ToNames(edit.inserts) == Names{"c"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"b", "c"}});
}

TEST_CASE("below a branch point both branches go, each row deleted or updated", "[planner]") {
  auto plan = Downgrade(Diamond(), {"m"}, "a");
  CHECK(StepNames(plan) == Names{"m", "c", "b"});
  CHECK(EditKinds(plan) == Names{"unmerge", "delete", "update"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"b", "c"}, {"b"}, {"a"}});
}

TEST_CASE("a downgrade removes dependents first", "[planner]") {
  // a ─ b            y depends on b
  // x ─ y
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"x"}, Rev("y", {"x"}).DependsOn({"b"})});
  auto plan = Downgrade(graph, {"y"}, "a");
  CHECK(StepNames(plan) == Names{"y", "b"});
  CHECK(EditKinds(plan) == Names{"unmerge", "update"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"b", "x"}, {"a", "x"}});
}

TEST_CASE("a dependency still needed by another applied revision keeps its row implied",
          "[planner]") {
  auto graph = Graph({{"a"}, Rev("x").DependsOn({"a"}), Rev("y").DependsOn({"a"})});
  auto plan = Downgrade(graph, {"x", "y"}, "x");
  CHECK(plan.empty());
  auto to_base = Downgrade(graph, {"x", "y"}, "base");
  CHECK(StepNames(to_base) == Names{"y", "x", "a"});
  CHECK(EditKinds(to_base) == Names{"delete", "update", "delete"});
  CHECK(RowsAfterEachStep(to_base) == Rows{{"x"}, {"a"}, {}});
}

TEST_CASE("label@-1 removes the top of that branch only", "[planner]") {
  auto plan = Downgrade(TwoBranches(), {"b", "c"}, "shop@-1");
  CHECK(StepNames(plan) == Names{"b"});
  CHECK(EditKinds(plan) == Names{"delete"});  // a stays implied by c
  CHECK(RowsAfterEachStep(plan) == Rows{{"c"}});
}

TEST_CASE("downgrade -1 from several heads is ambiguous, label@-1 or REV-1 says which",
          "[planner]") {
  Status status = DowngradeError(TwoBranches(), {"b", "c"}, "-1");
  CHECK(status.code() == StatusCode::kAmbiguous);
  CHECK_THAT(status.message(), Catch::Contains("several current heads"));
  CHECK_THAT(status.hint(), Catch::Contains("label@-1"));
  // REV-1 names the revision to go to: everything above it goes, on every branch.
  CHECK(StepNames(Downgrade(TwoBranches(), {"b", "c"}, "b-1")) == Names{"c", "b"});
}

TEST_CASE("several bases: base removes every line, newest first", "[planner]") {
  auto graph = Graph(
      {Rev("a1").Labels({"shop"}), Rev("b1").Labels({"blog"}), {"a2", {"a1"}}, {"b2", {"b1"}}});
  auto plan = Downgrade(graph, {"a2", "b2"}, "base");
  CHECK(StepNames(plan) == Names{"b2", "a2", "b1", "a1"});
  CHECK(RowsAfterEachStep(plan) == Rows{{"a2", "b1"}, {"a1", "b1"}, {"a1"}, {}});
  auto shop = Downgrade(graph, {"a2", "b2"}, "shop@base");
  CHECK(StepNames(shop) == Names{"a2", "a1"});
  CHECK(ToNames(shop.end_heads) == Names{"b2"});
}

TEST_CASE("newest first: where the graph is silent, the later created_at goes first", "[planner]") {
  auto graph = Graph({{"a"},
                      Rev("b", {"a"}).At("2026-05-01T00:00:00Z"),
                      Rev("c", {"a"}).At("2026-04-01T00:00:00Z")});
  CHECK(StepNames(Downgrade(graph, {"b", "c"}, "base")) == Names{"b", "c", "a"});
}

TEST_CASE("a target above the current heads, or not applied, is refused", "[planner]") {
  Status above = DowngradeError(Linear(), {"a"}, "c");
  CHECK(above.code() == StatusCode::kInvalidInput);
  CHECK_THAT(above.message(), Catch::Contains("not below the current heads"));
  CHECK_THAT(above.hint(), Catch::Contains("rev upgrade"));
  CHECK(DowngradeError(TwoBranches(), {"b"}, "c").code() == StatusCode::kInvalidInput);
  CHECK(DowngradeError(Linear(), {"c"}, "nope").code() == StatusCode::kNotFound);
}

TEST_CASE("heads where the other heads are depended upon is one revision", "[planner]") {
  auto graph = Graph({{"a"}, {"x"}, Rev("y", {"x"}).DependsOn({"a"})});
  CHECK(Downgrade(graph, {"y"}, "heads").empty());
  auto two = TwoBranches();
  CHECK(DowngradeError(two, {"b", "c"}, "heads").code() == StatusCode::kAmbiguous);
}

TEST_CASE("every downgrade plan respects the graph, newest first", "[planner]") {
  auto graph = Graph(TwoBasesWithDependencies());
  for (const char* target : {"base", "a", "x", "c", "m", "-1"}) {
    auto plan = Downgrade(graph, {"z"}, target);
    CAPTURE(target, StepNames(plan));
    CHECK(RespectsGraph(graph, StepNames(plan), true));
  }
}

}  // namespace
}  // namespace rev::testing
