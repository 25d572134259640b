// RevisionGraph: heads, bases, parents and children, ancestry, labels, prefixes and the
// deterministic upgrade order, on graphs declared in a few lines.
#include "engine/revision_graph.h"

#include <catch2/catch.hpp>

namespace rev::engine {
namespace {

struct Spec {
  std::string id;
  std::vector<std::string> parents;
  std::vector<std::string> depends_on = {};
  std::vector<std::string> labels = {};
  std::string created_at = "";
};

RevisionIds Ids(const std::vector<std::string>& texts) {
  RevisionIds ids;
  for (const std::string& text : texts) ids.push_back(*RevisionId::Parse(text));
  return ids;
}

Revision Make(const Spec& spec) {
  Revision::Fields fields(*RevisionId::Parse(spec.id));
  fields.down_revisions = Ids(spec.parents);
  for (const std::string& name : spec.depends_on)
    fields.depends_on.push_back(*revisions::RevisionRef::Parse(name));
  for (const std::string& label : spec.labels)
    fields.branch_labels.push_back(*BranchLabel::Parse(label));
  fields.created_at = spec.created_at;
  fields.path = "revisions/" + spec.id + "_x.sql";
  fields.lines.revision = 1;
  fields.lines.down_revision = 2;
  fields.lines.branch_labels = 5;
  return Revision(std::move(fields));
}

Result<RevisionGraph> Build(const std::vector<Spec>& specs) {
  std::vector<Revision> revisions;
  for (const Spec& spec : specs) revisions.push_back(Make(spec));
  return RevisionGraph::Build(std::move(revisions));
}

RevisionGraph MustBuild(const std::vector<Spec>& specs) {
  auto graph = Build(specs);
  INFO(graph.status().ToString());
  REQUIRE(graph.ok());
  return std::move(graph).value();
}

std::vector<std::string> Names(const RevisionIds& ids) {
  std::vector<std::string> names;
  for (const RevisionId& id : ids) names.push_back(id.str());
  return names;
}

using Names_ = std::vector<std::string>;

RevisionId Id(const std::string& text) { return *RevisionId::Parse(text); }

}  // namespace

TEST_CASE("a linear history has one head and one base", "[graph]") {
  RevisionGraph graph = MustBuild({{"a", {}}, {"b", {"a"}}, {"c", {"b"}}});
  CHECK(Names(graph.Heads()) == Names_{"c"});
  CHECK(Names(graph.Bases()) == Names_{"a"});
  CHECK(Names(graph.UpgradeOrder()) == Names_{"a", "b", "c"});
  CHECK(Names(graph.Children(Id("a"))) == Names_{"b"});
  CHECK(Names(graph.Parents(Id("c"))) == Names_{"b"});
  CHECK_FALSE(graph.IsBranchPoint(Id("a")));
  CHECK_FALSE(graph.IsMergePoint(Id("c")));
}

TEST_CASE("a branch point gives two heads and a merge joins them", "[graph]") {
  RevisionGraph branched = MustBuild({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}});
  CHECK(Names(branched.Heads()) == Names_{"b", "c"});
  CHECK(branched.IsBranchPoint(Id("a")));

  RevisionGraph merged = MustBuild({{"a", {}}, {"b", {"a"}}, {"c", {"a"}}, {"m", {"b", "c"}}});
  CHECK(Names(merged.Heads()) == Names_{"m"});
  CHECK(merged.IsMergePoint(Id("m")));
  CHECK(Names(merged.Ancestors({Id("m")})) == Names_{"a", "b", "c", "m"});
  CHECK(Names(merged.Descendants({Id("b")})) == Names_{"b", "m"});
}

TEST_CASE("several bases are each a base", "[graph]") {
  RevisionGraph graph = MustBuild({{"a", {}}, {"x", {}}, {"b", {"a"}}, {"m", {"b", "x"}}});
  CHECK(Names(graph.Bases()) == Names_{"a", "x"});
  CHECK(Names(graph.Heads()) == Names_{"m"});
}

TEST_CASE("where the graph leaves the order free, created_at then id decide", "[graph]") {
  RevisionGraph graph = MustBuild({{"a", {}, {}, {}, "2026-01-01T00:00:00Z"},
                                   {"z", {"a"}, {}, {}, "2026-01-02T00:00:00Z"},
                                   {"y", {"a"}, {}, {}, "2026-01-03T00:00:00Z"},
                                   {"c", {"a"}, {}, {}, "2026-01-03T00:00:00Z"}});
  CHECK(Names(graph.UpgradeOrder()) == Names_{"a", "z", "c", "y"});
  CHECK(graph.OrderIndex(Id("c")) == 2);
  CHECK(Names(graph.InUpgradeOrder(Ids({"y", "a", "z"}))) == Names_{"a", "z", "y"});
}

TEST_CASE("the upgrade order places dependencies before their dependents", "[graph]") {
  // "b2" sorts before "d1" by id and date, but d1 depends on it only through depends_on.
  RevisionGraph graph = MustBuild({{"a", {}, {}, {}, "2026-01-01T00:00:00Z"},
                                   {"d1", {"a"}, {"x2"}, {}, "2026-01-01T00:00:00Z"},
                                   {"x1", {}, {}, {}, "2026-02-01T00:00:00Z"},
                                   {"x2", {"x1"}, {}, {}, "2026-02-01T00:00:00Z"}});
  CHECK(graph.OrderIndex(Id("x2")) < graph.OrderIndex(Id("d1")));
  CHECK(Names(graph.Dependents(Id("x2"))) == Names_{"d1"});
  CHECK(Names(graph.Dependencies(Id("d1"))) == Names_{"x2"});
  // A revision only depended upon is still a head, as in Alembic.
  CHECK(Names(graph.Heads()) == Names_{"x2", "d1"});
  CHECK(Names(graph.Ancestors({Id("d1")})) == Names_{"a", "x1", "x2", "d1"});
  CHECK(Names(graph.Ancestors({Id("d1")}, false)) == Names_{"a", "d1"});
  CHECK(Names(graph.Descendants({Id("x1")})) == Names_{"x1", "x2", "d1"});
  CHECK(Names(graph.Descendants({Id("x1")}, false)) == Names_{"x1", "x2"});
}

TEST_CASE("normalized down revisions drop dependencies an ancestor already has", "[graph]") {
  RevisionGraph graph = MustBuild({{"a", {}}, {"x", {}}, {"b", {"a"}, {"x"}}, {"c", {"b"}, {"x"}}});
  CHECK(Names(graph.NormalizedDownRevisions(Id("b"))) == Names_{"a", "x"});
  CHECK(Names(graph.NormalizedDownRevisions(Id("c"))) == Names_{"b"});
  CHECK(Names(graph.NormalizedDownRevisions(Id("a"))).empty());
}

TEST_CASE("branch labels are inherited by descendants", "[graph][labels]") {
  RevisionGraph graph =
      MustBuild({{"a", {}}, {"b", {"a"}, {}, {"feature"}}, {"c", {"b"}}, {"d", {"a"}}});
  CHECK(graph.LabelsOf(Id("c")).size() == 1);
  CHECK(graph.LabelsOf(Id("c")).front().str() == "feature");
  CHECK(graph.LabelsOf(Id("d")).empty());
  CHECK(graph.LabelsOf(Id("a")).empty());  // a branch point: the label stops below it
  REQUIRE(graph.LabelOwner("feature") != nullptr);
  CHECK(graph.LabelOwner("feature")->id().str() == "b");
  CHECK(graph.LabelOwner("nope") == nullptr);
}

TEST_CASE("a label also covers the unbranched stretch above it, as in Alembic", "[graph][labels]") {
  RevisionGraph graph = MustBuild({{"a", {}}, {"b", {"a"}}, {"c", {"b"}, {}, {"main"}}});
  CHECK(graph.LabelsOf(Id("a")).size() == 1);
  CHECK(graph.LabelsOf(Id("b")).size() == 1);
}

TEST_CASE("prefixes are matched by binary search over sorted ids", "[graph]") {
  RevisionGraph graph = MustBuild({{"ab12", {}}, {"ab13", {"ab12"}}, {"b000", {"ab13"}}});
  CHECK(Names(graph.MatchPrefix("ab1")) == Names_{"ab12", "ab13"});
  CHECK(Names(graph.MatchPrefix("ab13")) == Names_{"ab13"});
  CHECK(graph.MatchPrefix("c").empty());
  CHECK(graph.Find("b000") != nullptr);
  CHECK(graph.Find("b00") == nullptr);
}

TEST_CASE("Build refuses what is not a graph, naming file and fix", "[graph]") {
  SECTION("a duplicate id") {
    auto graph = Build({{"a", {}}, {"a", {}}});
    REQUIRE_FALSE(graph.ok());
    CHECK(graph.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(graph.status().message(), Catch::Contains("'a'"));
  }
  SECTION("an orphan, with a suggestion") {
    auto graph = Build({{"abcd1234", {}}, {"b", {"abcd9999"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("abcd9999"));
    CHECK_THAT(graph.status().hint(), Catch::Contains("abcd1234"));
    CHECK(graph.status().location()->file == "revisions/b_x.sql");
    CHECK(graph.status().location()->line == 2);
  }
  SECTION("a cycle, naming its members") {
    auto graph = Build({{"a", {"c"}}, {"b", {"a"}}, {"c", {"b"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("a -> b -> c -> a"));
  }
  SECTION("a revision that is its own parent") {
    auto graph = Build({{"a", {"a"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("a -> a"));
  }
  SECTION("a label declared twice") {
    auto graph = Build({{"a", {}, {}, {"x"}}, {"b", {"a"}, {}, {"x"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("'x'"));
  }
  SECTION("a label that is a revision id") {
    auto graph = Build({{"a", {}, {}, {"b"}}, {"b", {"a"}}});
    REQUIRE_FALSE(graph.ok());
    CHECK_THAT(graph.status().message(), Catch::Contains("also the id"));
  }
}

TEST_CASE("a long chain builds and orders without recursion limits", "[graph]") {
  std::vector<Spec> specs;
  for (int i = 0; i < 100000; ++i) {
    specs.push_back(
        {"r" + std::to_string(i), i == 0 ? std::vector<std::string>{}
                                         : std::vector<std::string>{"r" + std::to_string(i - 1)}});
  }
  RevisionGraph graph = MustBuild(specs);
  CHECK(Names(graph.Heads()) == Names_{"r99999"});
  CHECK(graph.OrderIndex(Id("r99999")) == 99999);
  CHECK(graph.Ancestors({Id("r99999")}).size() == 100000);
}

}  // namespace rev::engine
