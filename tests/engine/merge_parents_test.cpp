// MergeParents: which heads `rev merge` joins.
#include <catch2/catch.hpp>

#include "engine/merge.h"
#include "tests/support/plans.h"

namespace rev::testing {
namespace {

auto ThreeHeads() {
  return Graph({{"aaaa1111"},
                Rev("bbbb1111", {"aaaa1111"}).Labels({"shop"}),
                Rev("cccc1111", {"aaaa1111"}).At("2025-01-01T00:00:00Z"),
                {"dddd1111", {"aaaa1111"}}});
}

std::vector<engine::Target> Targets(const Names& texts) {
  std::vector<engine::Target> targets;
  for (const std::string& text : texts) targets.push_back(ParsedTarget(text));
  return targets;
}

Names Parents(const engine::RevisionGraph& graph, const Names& requested) {
  auto parents = engine::MergeParents(graph, Targets(requested));
  INFO(parents.status().ToString());
  REQUIRE(parents.ok());
  return ToNames(*parents);
}

Status MergeError(const engine::RevisionGraph& graph, const Names& requested) {
  auto parents = engine::MergeParents(graph, Targets(requested));
  REQUIRE_FALSE(parents.ok());
  return parents.status();
}

TEST_CASE("merge heads joins every head, in upgrade order", "[merge]") {
  CHECK(Parents(ThreeHeads(), {"heads"}) == Names{"cccc1111", "bbbb1111", "dddd1111"});
}

TEST_CASE("merge of named heads: ids, prefixes, label@head, each once", "[merge]") {
  auto graph = ThreeHeads();
  CHECK(Parents(graph, {"dddd1111", "shop@head"}) == Names{"bbbb1111", "dddd1111"});
  CHECK(Parents(graph, {"dddd", "bbbb1111", "dddd1111"}) == Names{"bbbb1111", "dddd1111"});
}

TEST_CASE("a head that is only depended upon is joined too", "[merge]") {
  auto graph =
      Graph({{"aaaa1111"}, {"xxxx1111"}, Rev("yyyy1111", {"xxxx1111"}).DependsOn({"aaaa1111"})});
  CHECK(Parents(graph, {"heads"}) == Names{"aaaa1111", "yyyy1111"});
}

TEST_CASE("a revision that is not a head cannot be merged", "[merge]") {
  Status status = MergeError(ThreeHeads(), {"aaaa1111", "bbbb1111"});
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK_THAT(status.message(),
             Catch::Contains("aaaa1111 is not a head") &&
                 Catch::Contains("bbbb1111 (revisions/bbbb1111_revision_bbbb1111.sql)"));
  CHECK_THAT(status.hint(), Catch::Contains("the heads are"));
}

TEST_CASE("a merge needs two heads", "[merge]") {
  auto linear = Graph({{"aaaa1111"}, {"bbbb1111", {"aaaa1111"}}});
  Status one = MergeError(linear, {"heads"});
  CHECK(one.code() == StatusCode::kInvalidInput);
  CHECK_THAT(one.hint(), Catch::Contains("nothing to merge"));
  CHECK(MergeError(ThreeHeads(), {"bbbb1111", "bbbb"}).code() == StatusCode::kInvalidInput);
  CHECK(MergeError(ThreeHeads(), {}).code() == StatusCode::kInvalidInput);
}

TEST_CASE("unknown or ambiguous names fail as targets do", "[merge]") {
  CHECK(MergeError(ThreeHeads(), {"bbbb1111", "eeee1111"}).code() == StatusCode::kNotFound);
  CHECK(MergeError(ThreeHeads(), {"head"}).code() == StatusCode::kAmbiguous);
  CHECK(MergeError(ThreeHeads(), {"+1", "bbbb1111"}).code() == StatusCode::kInvalidInput);
  CHECK(MergeError(ThreeHeads(), {"base", "bbbb1111"}).code() == StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace rev::testing
