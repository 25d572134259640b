// A squashed revision (`replaces:`) in the graph: files naming a replaced id name it, a
// database row at the revision the squash reached reads as it, and the stretch
// `rev squash` would replace, with its refusals.
#include <catch2/catch.hpp>

#include "engine/operations/database_state.h"
#include "engine/operations/squashed_heads.h"
#include "engine/squash_stretch.h"
#include "engine/structure.h"
#include "tests/support/graph_literals.h"

namespace rev::testing {
namespace {

using engine::RevisionGraph;

// q replaced a <- b <- c; d (after c) and e (depending on b) were written before the squash
// and still name the replaced ids.
std::vector<Rev> AfterSquash() {
  return {Rev("q").Header("replaces: [a, b, c]"), Rev("d", {"c"}),
          Rev("e", {"d"}).DependsOn({"b"})};
}

}  // namespace

TEST_CASE("a down_revision or depends_on naming a replaced id names the squashed revision",
          "[graph][squash]") {
  RevisionGraph graph = Graph(AfterSquash());
  CHECK(ToNames(graph.Parents(Id("d"))) == Names{"q"});
  CHECK(ToNames(graph.Dependencies(Id("e"))) == Names{"q"});
  CHECK(ToNames(graph.NormalizedDownRevisions(Id("d"))) == Names{"q"});
  CHECK(ToNames(graph.UpgradeOrder()) == Names{"q", "d", "e"});
  CHECK(ToNames(graph.Bases()) == Names{"q"});
  CHECK(graph.Find("c") == nullptr);
  REQUIRE(graph.ReplacedBy("b") != nullptr);
  CHECK(graph.ReplacedBy("b")->id().str() == "q");
  CHECK(graph.ReplacedBy("d") == nullptr);
  CHECK(graph.StandsAtSquashTarget("c"));
  CHECK_FALSE(graph.StandsAtSquashTarget("b"));
  CHECK(graph.AnyReplaced());
  CHECK_FALSE(Graph({{"a"}}).AnyReplaced());
}

TEST_CASE("the structure check finds no orphan in a file naming a replaced id", "[graph][squash]") {
  CHECK(engine::AnalyzeStructure(Revisions(AfterSquash())).ok());
  auto orphaned = engine::AnalyzeStructure(Revisions({Rev("q"), Rev("d", {"c"})}));
  REQUIRE(orphaned.orphans.size() == 1);
  CHECK(orphaned.orphans.front().missing == "c");
}

TEST_CASE("a replaced id whose file is still there, or replaced twice, is refused",
          "[graph][squash]") {
  auto kept = TryGraph({Rev("q").Header("replaces: [a]"), Rev("a"), Rev("d", {"q"})});
  REQUIRE_FALSE(kept.ok());
  CHECK_THAT(kept.status().message(), Catch::Contains("yet its file is here"));
  auto twice = TryGraph({Rev("q").Header("replaces: [a]"), Rev("r").Header("replaces: [a]")});
  REQUIRE_FALSE(twice.ok());
  CHECK_THAT(twice.status().message(), Catch::Contains("replaced by both q"));
}

TEST_CASE("a database at the revision a squash reached reads as the squashed revision",
          "[graph][squash]") {
  RevisionGraph graph = Graph(AfterSquash());
  CHECK(ToNames(engine::operations::ReadAsSquashed(Ids({"c"}), graph)) == Names{"q"});
  CHECK(ToNames(engine::operations::ReadAsSquashed(Ids({"d"}), graph)) == Names{"d"});
  CHECK(engine::operations::UnknownHeads(Ids({"c"}), graph).empty());
  CHECK(engine::operations::CheckNoHeadInsideSquash(Ids({"c"}), graph).ok());

  Status inside = engine::operations::CheckNoHeadInsideSquash(Ids({"b"}), graph);
  CHECK(inside.code() == StatusCode::kRefused);
  CHECK_THAT(inside.message(), Catch::Contains("the database is at b, which q squashed"));
  CHECK_THAT(inside.hint(), Catch::Contains("upgrade it to c with a release that still has"));

  engine::operations::DatabaseState state;
  state.heads = Ids({"b"});
  CHECK(engine::operations::CheckReadyToChange(state, graph, false).code() == StatusCode::kRefused);
}

TEST_CASE("drift ignores the applied rows of replaced revisions", "[graph][squash]") {
  RevisionGraph graph = Graph(AfterSquash());
  engine::operations::DatabaseState state;
  state.applied = {{"a", "x", ""}, {"b", "y", ""}, {"gone", "z", ""}};
  auto drift = engine::operations::FindDrift(state, graph);
  REQUIRE(drift.size() == 1);
  CHECK(drift.front().revision == "gone");
}

TEST_CASE("the stretch of a squash is the target and all it reaches, in upgrade order",
          "[graph][squash]") {
  RevisionGraph graph = Graph({Rev("a").Labels({"main"}), Rev("b", {"a"}),
                               Rev("x").Labels({"side"}), Rev("m", {"b", "x"}), Rev("c", {"m"})});
  auto stretch = engine::FindSquashStretch(graph, Id("m"));
  REQUIRE(stretch.ok());
  CHECK(ToNames(stretch->revisions) == Names{"a", "b", "x", "m"});
  CHECK(ToNames(stretch->replaces) == Names{"a", "b", "x", "m"});
  CHECK(stretch->branch_labels.size() == 2);
}

TEST_CASE("a squash carries an earlier squash's replaced ids forward", "[graph][squash]") {
  RevisionGraph graph = Graph(AfterSquash());
  auto stretch = engine::FindSquashStretch(graph, Id("d"));
  REQUIRE(stretch.ok());
  CHECK(ToNames(stretch->replaces) == Names{"a", "b", "c", "q", "d"});
}

TEST_CASE("a squash is refused where a revision branches off inside the stretch",
          "[graph][squash]") {
  RevisionGraph graph = Graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"side", {"a"}}});
  auto stretch = engine::FindSquashStretch(graph, Id("c"));
  REQUIRE_FALSE(stretch.ok());
  CHECK(stretch.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(stretch.status().message(), Catch::Contains("side"));
  CHECK_THAT(stretch.status().message(), Catch::Contains("branches off at a"));

  auto base_alone = engine::FindSquashStretch(graph, Id("a"));
  REQUIRE_FALSE(base_alone.ok());
  CHECK_THAT(base_alone.status().message(), Catch::Contains("nothing to squash"));
}

}  // namespace rev::testing
