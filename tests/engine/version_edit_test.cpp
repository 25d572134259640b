// Version edits: Alembic's five cases of head arithmetic (insert, delete, merge, unmerge,
// update), each with the rows before and after, and the planner agreeing with
// ComputeVersionEdit step by step.
#include "engine/version_edit.h"

#include <catch2/catch.hpp>

#include "tests/support/plans.h"

namespace rev::testing {
namespace {

using engine::Direction;
using engine::VersionEdit;

VersionEdit Edit(const engine::RevisionGraph& graph, const Names& rows, const std::string& revision,
                 Direction direction) {
  auto edit = engine::ComputeVersionEdit(graph, Ids(rows), Id(revision), direction);
  INFO(edit.status().ToString());
  REQUIRE(edit.ok());
  return *edit;
}

Names After(const Names& rows, const VersionEdit& edit) {
  return ToNames(engine::ApplyVersionEdit(Ids(rows), edit));
}

// a ─┬─ b ─┐
//    └─ c ─┴─ m        x depends on b
auto Graph1() {
  return Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}, {"m", {"b", "c"}}, Rev("x").DependsOn({"b"})});
}

TEST_CASE("insert: a base, or a revision none of whose parents is a row", "[version_edit]") {
  auto graph = Graph1();
  auto base = Edit(graph, {}, "a", Direction::kUpgrade);
  CHECK(base.kind == VersionEdit::Kind::kInsert);
  CHECK(ToNames(base.inserts) == Names{"a"});
  CHECK(After({}, base) == Names{"a"});
  auto second_branch = Edit(graph, {"b"}, "c", Direction::kUpgrade);
  CHECK(second_branch.kind == VersionEdit::Kind::kInsert);
  CHECK(After({"b"}, second_branch) == Names{"b", "c"});
}

TEST_CASE("update: the parent's row becomes the revision's, either way", "[version_edit]") {
  auto graph = Graph1();
  auto up = Edit(graph, {"a"}, "b", Direction::kUpgrade);
  CHECK(up.kind == VersionEdit::Kind::kUpdate);
  CHECK(up.update_from == std::optional(Id("a")));
  CHECK(up.update_to == std::optional(Id("b")));
  CHECK(up.deletes.empty());
  CHECK(up.inserts.empty());
  auto down = Edit(graph, {"b"}, "b", Direction::kDowngrade);
  CHECK(down.kind == VersionEdit::Kind::kUpdate);
  CHECK(After({"b"}, down) == Names{"a"});
  // Only one parent of a merge is a row: the other is implied by another row.
  CHECK(Edit(graph, {"c", "x"}, "m", Direction::kUpgrade).kind == VersionEdit::Kind::kUpdate);
}

TEST_CASE("merge: the parents' rows become one", "[version_edit]") {
  auto edit = Edit(Graph1(), {"b", "c"}, "m", Direction::kUpgrade);
  CHECK(edit.kind == VersionEdit::Kind::kMerge);
  CHECK(ToNames(edit.deletes) == Names{"c"});
  CHECK(edit.update_from == std::optional(Id("b")));
  CHECK(edit.update_to == std::optional(Id("m")));
  CHECK(After({"b", "c"}, edit) == Names{"m"});
}

TEST_CASE("unmerge: the merge's row becomes its parents' rows", "[version_edit]") {
  auto edit = Edit(Graph1(), {"m"}, "m", Direction::kDowngrade);
  CHECK(edit.kind == VersionEdit::Kind::kUnmerge);
  CHECK(edit.update_from == std::optional(Id("m")));
  CHECK(edit.update_to == std::optional(Id("b")));
  CHECK(ToNames(edit.inserts) == Names{"c"});
  CHECK(After({"m"}, edit) == Names{"b", "c"});
  // A parent another row still implies is not restored.
  auto partial = Edit(Graph1(), {"m", "x"}, "m", Direction::kDowngrade);
  CHECK(partial.kind == VersionEdit::Kind::kUnmerge);
  CHECK(After({"m", "x"}, partial) == Names{"c", "x"});
}

TEST_CASE("delete: a base goes, or a revision whose parent another row implies", "[version_edit]") {
  auto graph = Graph1();
  auto base = Edit(graph, {"a"}, "a", Direction::kDowngrade);
  CHECK(base.kind == VersionEdit::Kind::kDelete);
  CHECK(ToNames(base.deletes) == Names{"a"});
  CHECK(After({"a"}, base).empty());
  auto implied = Edit(graph, {"b", "c"}, "c", Direction::kDowngrade);
  CHECK(implied.kind == VersionEdit::Kind::kDelete);
  CHECK(After({"b", "c"}, implied) == Names{"b"});
}

TEST_CASE("a dependency's row is consumed and restored like a parent's", "[version_edit]") {
  auto graph = Graph1();
  auto up = Edit(graph, {"b"}, "x", Direction::kUpgrade);
  CHECK(up.kind == VersionEdit::Kind::kUpdate);
  CHECK(After({"b"}, up) == Names{"x"});
  auto down = Edit(graph, {"x"}, "x", Direction::kDowngrade);
  CHECK(down.kind == VersionEdit::Kind::kUpdate);
  CHECK(After({"x"}, down) == Names{"b"});
}

TEST_CASE("an edit the rows do not allow is a conflict", "[version_edit]") {
  auto graph = Graph1();
  auto twice = engine::ComputeVersionEdit(graph, Ids({"b"}), Id("b"), Direction::kUpgrade);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.status().code() == StatusCode::kConflict);
  CHECK_THAT(twice.status().message(), Catch::Contains("already a row"));
  auto not_row = engine::ComputeVersionEdit(graph, Ids({"b"}), Id("a"), Direction::kDowngrade);
  REQUIRE_FALSE(not_row.ok());
  CHECK(not_row.status().code() == StatusCode::kConflict);
  CHECK_THAT(not_row.status().message(), Catch::Contains("not a row") && Catch::Contains("b"));
}

TEST_CASE("ApplyVersionEdit gives the rows sorted by id", "[version_edit]") {
  VersionEdit edit;
  edit.kind = VersionEdit::Kind::kUnmerge;
  edit.update_from = Id("m");
  edit.update_to = Id("z");
  edit.inserts = Ids({"b"});
  CHECK(After({"q", "m"}, edit) == Names{"b", "q", "z"});
}

TEST_CASE("names of directions and edit kinds", "[version_edit]") {
  CHECK(std::string(engine::DirectionName(Direction::kUpgrade)) == "upgrade");
  CHECK(std::string(engine::DirectionName(Direction::kDowngrade)) == "downgrade");
  CHECK(std::string(engine::VersionEditKindName(VersionEdit::Kind::kInsert)) == "insert");
  CHECK(std::string(engine::VersionEditKindName(VersionEdit::Kind::kDelete)) == "delete");
  CHECK(std::string(engine::VersionEditKindName(VersionEdit::Kind::kMerge)) == "merge");
  CHECK(std::string(engine::VersionEditKindName(VersionEdit::Kind::kUnmerge)) == "unmerge");
  CHECK(std::string(engine::VersionEditKindName(VersionEdit::Kind::kUpdate)) == "update");
}

TEST_CASE("every step of a plan is the edit ComputeVersionEdit gives for its rows",
          "[version_edit]") {
  std::vector<Rev> revisions = TwoBasesWithDependencies();
  revisions.push_back({"w", {"x"}});  // a second head, on x
  auto graph = Graph(revisions);
  std::vector<engine::Plan> plans = {Upgrade(graph, {}, "heads"), Upgrade(graph, {"b"}, "m"),
                                     Downgrade(graph, {"w", "z"}, "base"),
                                     Downgrade(graph, {"w", "z"}, "a")};
  for (const auto& plan : plans) {
    for (const auto& step : plan.steps) {
      CAPTURE(step.revision.str());
      auto alone = Edit(graph, ToNames(step.from_heads), step.revision.str(), step.direction);
      CHECK(alone.kind == step.edit.kind);
      CHECK(alone.deletes == step.edit.deletes);
      CHECK(alone.update_from == step.edit.update_from);
      CHECK(alone.update_to == step.edit.update_to);
      CHECK(alone.inserts == step.edit.inserts);
      CHECK(engine::ApplyVersionEdit(step.from_heads, step.edit) == step.to_heads);
    }
  }
}

}  // namespace
}  // namespace rev::testing
