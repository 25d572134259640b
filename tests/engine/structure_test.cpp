// AnalyzeStructure reports every duplicate, orphan and cycle in one pass.
#include "engine/structure.h"

#include <catch2/catch.hpp>

namespace rev::engine {
namespace {

using revisions::Revision;
using revisions::RevisionId;

Revision Make(const std::string& id, const std::vector<std::string>& parents,
              const std::vector<std::string>& depends_on = {}, const std::string& file = "") {
  Revision::Fields fields(*RevisionId::Parse(id));
  for (const auto& p : parents) fields.down_revisions.push_back(*RevisionId::Parse(p));
  for (const auto& d : depends_on) fields.depends_on.push_back(*revisions::RevisionRef::Parse(d));
  fields.path = file.empty() ? id + ".sql" : file;
  fields.lines.revision = 1;
  fields.lines.down_revision = 2;
  fields.lines.depends_on = 6;
  return Revision(std::move(fields));
}

}  // namespace

TEST_CASE("a healthy folder has no structural findings", "[structure]") {
  CHECK(AnalyzeStructure({Make("a", {}), Make("b", {"a"}), Make("c", {"a"}), Make("m", {"b", "c"})})
            .ok());
  CHECK(AnalyzeStructure({}).ok());
}

TEST_CASE("every finding is reported in one run", "[structure]") {
  StructureReport report = AnalyzeStructure({
      Make("a", {}, {}, "one.sql"), Make("a", {}, {}, "two.sql"),  // duplicate
      Make("b", {"nope"}), Make("c", {"a"}, {"gone"}),             // two orphans
      Make("x", {"z"}), Make("y", {"x"}), Make("z", {"y"}),        // a cycle
      Make("s", {"s"}),                                            // its own parent
  });
  REQUIRE(report.duplicates.size() == 1);
  CHECK(report.duplicates[0].paths == std::vector<std::string>{"one.sql", "two.sql"});

  REQUIRE(report.orphans.size() == 2);
  CHECK(report.orphans[0].missing == "nope");
  CHECK(report.orphans[0].key == "down_revision");
  CHECK(report.orphans[0].line == 2);
  CHECK(report.orphans[1].missing == "gone");
  CHECK(report.orphans[1].key == "depends_on");
  CHECK(report.orphans[1].line == 6);

  REQUIRE(report.cycles.size() == 2);
  CHECK(report.cycles[0].members == std::vector<std::string>{"s", "s"});
  CHECK(report.cycles[1].members == std::vector<std::string>{"x", "y", "z", "x"});
}

TEST_CASE("a cycle through depends_on is a cycle too", "[structure]") {
  StructureReport report = AnalyzeStructure({Make("a", {}, {"b"}), Make("b", {"a"})});
  REQUIRE(report.cycles.size() == 1);
  CHECK(report.cycles[0].members == std::vector<std::string>{"a", "b", "a"});
  // a names b in depends_on (line 6), b names a in down_revision (line 2).
  CHECK(report.cycles[0].lines == std::vector<int>{6, 2, 6});
}

TEST_CASE("a cycle is located where each member names the one before it", "[structure]") {
  StructureReport report = AnalyzeStructure({Make("x", {"z"}), Make("y", {"x"}), Make("z", {"y"}),
                                             Make("s", {"q"}, {"s"}), Make("q", {})});
  REQUIRE(report.cycles.size() == 2);
  CHECK(report.cycles[0].members == std::vector<std::string>{"s", "s"});
  CHECK(report.cycles[0].lines == std::vector<int>{6, 6});  // its own depends_on
  CHECK(report.cycles[1].members == std::vector<std::string>{"x", "y", "z", "x"});
  CHECK(report.cycles[1].lines == std::vector<int>{2, 2, 2, 2});
}

TEST_CASE("an orphan's near ids share its first characters", "[structure]") {
  StructureReport report =
      AnalyzeStructure({Make("3f2a9c1b7d4e", {}), Make("b", {"3f2a9c1b7d4f"})});
  REQUIRE(report.orphans.size() == 1);
  CHECK(report.orphans[0].near == std::vector<std::string>{"3f2a9c1b7d4e"});
}

}  // namespace rev::engine
