// RevisionGraph: heads, bases, parents and children, ancestry, labels, prefixes and the
// deterministic upgrade order, on graphs declared in a few lines.
#include "engine/revision_graph.h"

#include <catch2/catch.hpp>

#include "tests/support/graph_literals.h"

namespace rev::testing {
namespace {

using engine::RevisionGraph;

}  // namespace

TEST_CASE("a linear history has one head and one base", "[graph]") {
  RevisionGraph graph = Graph({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}});
  CHECK(ToNames(graph.Heads()) == Names{"c"});
  CHECK(ToNames(graph.Bases()) == Names{"a"});
  CHECK(ToNames(graph.UpgradeOrder()) == Names{"a", "b", "c"});
  CHECK(ToNames(graph.Children(Id("a"))) == Names{"b"});
  CHECK(ToNames(graph.Parents(Id("c"))) == Names{"b"});
  CHECK_FALSE(graph.IsBranchPoint(Id("a")));
  CHECK_FALSE(graph.IsMergePoint(Id("c")));
}

TEST_CASE("a branch point gives two heads and a merge joins them", "[graph]") {
  RevisionGraph branched = Graph({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}});
  CHECK(ToNames(branched.Heads()) == Names{"b", "c"});
  CHECK(branched.IsBranchPoint(Id("a")));

  RevisionGraph merged = Graph({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"m", {"b", "c"}}});
  CHECK(ToNames(merged.Heads()) == Names{"m"});
  CHECK(merged.IsMergePoint(Id("m")));
  CHECK(ToNames(merged.Ancestors({Id("m")})) == Names{"a", "b", "c", "m"});
  CHECK(ToNames(merged.Descendants({Id("b")})) == Names{"b", "m"});
}

TEST_CASE("several bases are each a base", "[graph]") {
  RevisionGraph graph = Graph({{"a", {}}, {"x", {}}, {"b", {"a"}}, {"m", {"b", "x"}}});
  CHECK(ToNames(graph.Bases()) == Names{"a", "x"});
  CHECK(ToNames(graph.Heads()) == Names{"m"});
}

TEST_CASE("where the graph leaves the order free, created_at then id decide", "[graph]") {
  RevisionGraph graph = Graph(
      {Rev("a").At("2026-01-01T00:00:00Z"), Rev("z", {"a"}).At("2026-01-02T00:00:00Z"),
       Rev("y", {"a"}).At("2026-01-03T00:00:00Z"), Rev("c", {"a"}).At("2026-01-03T00:00:00Z")});
  CHECK(ToNames(graph.UpgradeOrder()) == Names{"a", "z", "c", "y"});
  CHECK(graph.OrderIndex(Id("c")) == 2);
  CHECK(ToNames(graph.InUpgradeOrder(Ids({"y", "a", "z"}))) == Names{"a", "z", "y"});
}

TEST_CASE("the upgrade order places dependencies before their dependents", "[graph]") {
  // "b2" sorts before "d1" by id and date, but d1 depends on it only through depends_on.
  RevisionGraph graph =
      Graph({Rev("a").At("2026-01-01T00:00:00Z"),
             Rev("d1", {"a"}).DependsOn({"x2"}).At("2026-01-01T00:00:00Z"),
             Rev("x1").At("2026-02-01T00:00:00Z"), Rev("x2", {"x1"}).At("2026-02-01T00:00:00Z")});
  CHECK(graph.OrderIndex(Id("x2")) < graph.OrderIndex(Id("d1")));
  CHECK(ToNames(graph.Dependents(Id("x2"))) == Names{"d1"});
  CHECK(ToNames(graph.Dependencies(Id("d1"))) == Names{"x2"});
  // A revision only depended upon is still a head, as in Alembic.
  CHECK(ToNames(graph.Heads()) == Names{"x2", "d1"});
  CHECK(ToNames(graph.Ancestors({Id("d1")})) == Names{"a", "x1", "x2", "d1"});
  CHECK(ToNames(graph.Ancestors({Id("d1")}, false)) == Names{"a", "d1"});
  CHECK(ToNames(graph.Descendants({Id("x1")})) == Names{"x1", "x2", "d1"});
  CHECK(ToNames(graph.Descendants({Id("x1")}, false)) == Names{"x1", "x2"});
}

TEST_CASE("normalized down revisions drop dependencies an ancestor already has", "[graph]") {
  RevisionGraph graph = Graph(
      {{"a", {}}, {"x", {}}, Rev("b", {"a"}).DependsOn({"x"}), Rev("c", {"b"}).DependsOn({"x"})});
  CHECK(ToNames(graph.NormalizedDownRevisions(Id("b"))) == Names{"a", "x"});
  CHECK(ToNames(graph.NormalizedDownRevisions(Id("c"))) == Names{"b"});
  CHECK(ToNames(graph.NormalizedDownRevisions(Id("a"))).empty());
}

TEST_CASE("branch labels are inherited by descendants", "[graph][labels]") {
  RevisionGraph graph =
      Graph({{"a", {}}, Rev("b", {"a"}).Labels({"feature"}), {"c", {"b"}}, {"d", {"a"}}});
  CHECK(graph.LabelsOf(Id("c")).size() == 1);
  CHECK(graph.LabelsOf(Id("c")).front().str() == "feature");
  CHECK(graph.LabelsOf(Id("d")).empty());
  CHECK(graph.LabelsOf(Id("a")).empty());  // a branch point: the label stops below it
  REQUIRE(graph.LabelOwner("feature") != nullptr);
  CHECK(graph.LabelOwner("feature")->id().str() == "b");
  CHECK(graph.LabelOwner("nope") == nullptr);
}

TEST_CASE("a label also covers the unbranched stretch above it, as in Alembic", "[graph][labels]") {
  RevisionGraph graph = Graph({{"a", {}}, {"b", {"a"}}, Rev("c", {"b"}).Labels({"main"})});
  CHECK(graph.LabelsOf(Id("a")).size() == 1);
  CHECK(graph.LabelsOf(Id("b")).size() == 1);
}

TEST_CASE("prefixes are matched by binary search over sorted ids", "[graph]") {
  RevisionGraph graph = Graph({{"ab12", {}}, {"ab13", {"ab12"}}, {"b000", {"ab13"}}});
  CHECK(ToNames(graph.MatchPrefix("ab1")) == Names{"ab12", "ab13"});
  CHECK(ToNames(graph.MatchPrefix("ab13")) == Names{"ab13"});
  CHECK(graph.MatchPrefix("c").empty());
  CHECK(graph.Find("b000") != nullptr);
  CHECK(graph.Find("b00") == nullptr);
}

TEST_CASE("Build refuses what is not a graph, naming file and fix", "[graph]") {
  SECTION("a duplicate id") {
    auto graph = TryGraph({{"a", {}}, {"a", {}}});
    REQUIRE_FALSE(graph.ok());
    CHECK(graph.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(graph.status().message(), Catch::Contains("'a'"));
  }
  SECTION("an orphan, with a suggestion") {
    auto graph = TryGraph({{"abcd1234", {}}, {"b", {"abcd9999"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("abcd9999"));
    CHECK_THAT(graph.status().hint(), Catch::Contains("abcd1234"));
    CHECK(graph.status().location()->file == "revisions/b_revision_b.sql");
    CHECK(graph.status().location()->line == 2);
  }
  SECTION("a cycle, naming its members") {
    auto graph = TryGraph({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("a -> b -> c -> a"));
  }
  SECTION("a revision that is its own parent") {
    auto graph = TryGraph({{"a", {"a"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("a -> a"));
  }
  SECTION("a label declared twice") {
    auto graph = TryGraph({Rev("a").Labels({"x"}), Rev("b", {"a"}).Labels({"x"})});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("'x'"));
  }
  SECTION("a label that is a revision id") {
    auto graph = TryGraph({Rev("a").Labels({"b"}), {"b", {"a"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("also the id"));
  }
}

TEST_CASE("a long chain builds and orders without recursion limits", "[graph]") {
  std::vector<Rev> specs;
  for (int i = 0; i < 100000; ++i) {
    specs.push_back(
        {"r" + std::to_string(i), i == 0 ? std::vector<std::string>{}
                                         : std::vector<std::string>{"r" + std::to_string(i - 1)}});
  }
  RevisionGraph graph = Graph(specs);
  CHECK(ToNames(graph.Heads()) == Names{"r99999"});
  CHECK(graph.OrderIndex(Id("r99999")) == 99999);
  CHECK(graph.Ancestors({Id("r99999")}).size() == 100000);
}

}  // namespace rev::testing
