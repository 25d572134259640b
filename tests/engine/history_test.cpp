// History ranges: what `rev history -r START:END` shows, as Alembic's `history -r` does,
// newest first in SPEC §2's order.
#include <catch2/catch.hpp>

#include "tests/support/plans.h"

namespace rev::testing {
namespace {

Names History(const engine::RevisionGraph& graph, const std::string& range) {
  std::optional<engine::TargetRange> parsed;
  if (!range.empty()) parsed = ParsedRange(range);
  auto ids = engine::HistoryRange(graph, parsed);
  INFO(range << ": " << ids.status().ToString());
  REQUIRE(ids.ok());
  return ToNames(*ids);
}

Status HistoryError(const engine::RevisionGraph& graph, const std::string& range) {
  auto ids = engine::HistoryRange(graph, ParsedRange(range));
  REQUIRE_FALSE(ids.ok());
  return ids.status();
}

auto Linear() { return Graph({{"a"}, {"b", {"a"}}, {"c", {"b"}}, {"d", {"c"}}}); }

TEST_CASE("the whole history is the graph newest first", "[history]") {
  auto graph = Graph({{"a"},
                      Rev("b", {"a"}).At("2026-05-01T00:00:00Z"),
                      Rev("c", {"a"}).At("2026-04-01T00:00:00Z"),
                      {"m", {"b", "c"}}});
  CHECK(History(graph, "") == Names{"m", "b", "c", "a"});
  CHECK(History(graph, ":") == Names{"m", "b", "c", "a"});
  auto order = graph.UpgradeOrder();
  CHECK(History(graph, "") == ToNames(engine::RevisionIds(order.rbegin(), order.rend())));
}

TEST_CASE("a range holds both ends and what lies between", "[history]") {
  auto graph = Linear();
  CHECK(History(graph, "b:c") == Names{"c", "b"});
  CHECK(History(graph, "b:") == Names{"d", "c", "b"});
  CHECK(History(graph, ":b") == Names{"b", "a"});
  CHECK(History(graph, "base:heads") == Names{"d", "c", "b", "a"});
  CHECK(History(graph, "c:c") == Names{"c"});
}

TEST_CASE("relative ends: END+N counted from START, REV±N, -N from the heads", "[history]") {
  auto graph = Linear();
  CHECK(History(graph, "b:+1") == Names{"c", "b"});
  CHECK(History(graph, "a:b+1") == Names{"c", "b", "a"});
  CHECK(History(graph, "d-2:") == Names{"d", "c", "b"});
  CHECK(History(graph, "-1:") == Names{"d", "c"});
}

TEST_CASE("a range stays on START's line through a branch point", "[history]") {
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}});
  CHECK(History(graph, "a:b") == Names{"b", "a"});
  CHECK(History(graph, "b:") == Names{"b"});
}

TEST_CASE("END's dependencies built on START are in the range", "[history]") {
  auto graph = Graph({{"a"}, {"b", {"a"}}, {"x"}, Rev("y", {"x"}).DependsOn({"b"})});
  CHECK(History(graph, ":y") == Names{"y", "x", "b", "a"});
  CHECK(History(graph, "x:y") == Names{"y", "x"});
  CHECK(History(graph, "a:y") == Names{"b", "a"});
}

TEST_CASE("a range whose START is not below END is refused", "[history]") {
  Status status = HistoryError(Linear(), "c:b");
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK_THAT(status.message(), Catch::Contains("c is not an ancestor of b"));
  CHECK_THAT(status.hint(), Catch::Contains("OLD:NEW"));
  CHECK(HistoryError(Linear(), "nope:").code() == StatusCode::kNotFound);
  CHECK(HistoryError(Graph({{"a"}, {"b", {"a"}}, {"c", {"a"}}}), "a:head").code() ==
        StatusCode::kAmbiguous);
}

}  // namespace
}  // namespace rev::testing
