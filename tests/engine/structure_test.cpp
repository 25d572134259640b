// AnalyzeStructure reports every duplicate, orphan and cycle in one pass.
#include "engine/structure.h"

#include <catch2/catch.hpp>

#include "tests/support/graph_literals.h"

namespace rev::testing {
namespace {

using engine::AnalyzeStructure;
using engine::StructureReport;

// Each revision's file has depends_on on line 5, after revision, down_revision, message
// and created_at.
constexpr int kDependsOnLine = 5;

}  // namespace

TEST_CASE("a healthy folder has no structural findings", "[structure]") {
  CHECK(AnalyzeStructure(
            Revisions({Rev("a"), Rev("b", {"a"}), Rev("c", {"a"}), Rev("m", {"b", "c"})}))
            .ok());
  CHECK(AnalyzeStructure({}).ok());
}

TEST_CASE("every finding is reported in one run", "[structure]") {
  StructureReport report = AnalyzeStructure(Revisions({
      Rev("a").FileName("one.sql"), Rev("a").FileName("two.sql"),  // duplicate
      Rev("b", {"nope"}), Rev("c", {"a"}).DependsOn({"gone"}),     // two orphans
      Rev("x", {"z"}), Rev("y", {"x"}), Rev("z", {"y"}),           // a cycle
      Rev("s", {"s"}),                                             // its own parent
  }));
  REQUIRE(report.duplicates.size() == 1);
  CHECK(report.duplicates[0].paths == Names{"revisions/one.sql", "revisions/two.sql"});

  REQUIRE(report.orphans.size() == 2);
  CHECK(report.orphans[0].missing == "nope");
  CHECK(report.orphans[0].key == "down_revision");
  CHECK(report.orphans[0].line == 2);
  CHECK(report.orphans[1].missing == "gone");
  CHECK(report.orphans[1].key == "depends_on");
  CHECK(report.orphans[1].line == kDependsOnLine);

  REQUIRE(report.cycles.size() == 2);
  CHECK(report.cycles[0].members == std::vector<std::string>{"s", "s"});
  CHECK(report.cycles[1].members == std::vector<std::string>{"x", "y", "z", "x"});
}

TEST_CASE("a cycle through depends_on is a cycle too", "[structure]") {
  StructureReport report =
      AnalyzeStructure(Revisions({Rev("a").DependsOn({"b"}), Rev("b", {"a"})}));
  REQUIRE(report.cycles.size() == 1);
  CHECK(report.cycles[0].members == std::vector<std::string>{"a", "b", "a"});
  // a names b in depends_on (line 5), b names a in down_revision (line 2).
  CHECK(report.cycles[0].lines == std::vector<int>{kDependsOnLine, 2, kDependsOnLine});
}

TEST_CASE("a cycle is located where each member names the one before it", "[structure]") {
  StructureReport report =
      AnalyzeStructure(Revisions({Rev("x", {"z"}), Rev("y", {"x"}), Rev("z", {"y"}),
                                  Rev("s", {"q"}).DependsOn({"s"}), Rev("q")}));
  REQUIRE(report.cycles.size() == 2);
  CHECK(report.cycles[0].members == std::vector<std::string>{"s", "s"});
  CHECK(report.cycles[0].lines ==
        std::vector<int>{kDependsOnLine, kDependsOnLine});  // its own depends_on
  CHECK(report.cycles[1].members == std::vector<std::string>{"x", "y", "z", "x"});
  CHECK(report.cycles[1].lines == std::vector<int>{2, 2, 2, 2});
}

TEST_CASE("an orphan's near ids share its first characters", "[structure]") {
  StructureReport report =
      AnalyzeStructure(Revisions({Rev("3f2a9c1b7d4e"), Rev("b", {"3f2a9c1b7d4f"})}));
  REQUIRE(report.orphans.size() == 1);
  CHECK(report.orphans[0].near == std::vector<std::string>{"3f2a9c1b7d4e"});
}

}  // namespace rev::testing
