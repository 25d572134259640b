// At 100,000 revisions the planner, history and offline SQL stay roughly linear: a
// quadratic step (an ancestor walk per step) would take minutes here, not a second.
#include <catch2/catch.hpp>
#include <chrono>

#include "engine/offline_sql.h"
#include "tests/support/plans.h"

namespace rev::testing {
namespace {

constexpr int kRevisions = 100000;

std::string Name(char line, int i) { return std::string(1, line) + std::to_string(i); }

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A line of `count` revisions r0 ← r1 ← ...
std::vector<Rev> Line(char line, int count) {
  std::vector<Rev> revisions;
  revisions.reserve(count);
  revisions.emplace_back(Name(line, 0));
  for (int i = 1; i < count; ++i) revisions.emplace_back(Name(line, i), Names{Name(line, i - 1)});
  return revisions;
}

TEST_CASE("100,000 revisions in a line: upgrade --sql, history and downgrade are fast", "[scale]") {
  auto graph = Graph(Line('r', kRevisions));
  auto start = std::chrono::steady_clock::now();
  auto plan = Upgrade(graph, {}, "head");
  std::string sql = engine::RenderOfflineSql(graph, plan, {});
  auto history = engine::HistoryRange(graph, std::nullopt);
  auto range = engine::HistoryRange(graph, ParsedRange("r10:r99990"));
  auto down = Downgrade(graph, {Name('r', kRevisions - 1)}, "base");
  double seconds = SecondsSince(start);
  CHECK(plan.steps.size() == kRevisions);
  CHECK(ToNames(plan.steps.back().to_heads) == Names{Name('r', kRevisions - 1)});
  CHECK(sql.size() > 100u * kRevisions);
  REQUIRE(history.ok());
  CHECK(history->size() == kRevisions);
  REQUIRE(range.ok());
  CHECK(range->size() == 99981u);
  CHECK(down.steps.size() == kRevisions);
  CHECK(down.end_heads.empty());
  WARN("line of 100,000: plans, SQL and history in " << seconds << " s");
  CHECK(seconds < 10.0);
}

TEST_CASE("100,000 revisions on two branches with depends_on across: downgrade is fast",
          "[scale]") {
  // Two lines from one base; every 10th revision of `b` depends on the revision of `a`
  // with the same number, so rows are consumed and restored across branches.
  std::vector<Rev> revisions = Line('a', kRevisions / 2);
  revisions.emplace_back(Name('b', 0), Names{"a0"});
  for (int i = 1; i < kRevisions / 2; ++i) {
    Rev next(Name('b', i), Names{Name('b', i - 1)});
    revisions.push_back(i % 10 == 0 ? std::move(next).DependsOn({Name('a', i)}) : std::move(next));
  }
  auto graph = Graph(revisions);
  auto start = std::chrono::steady_clock::now();
  auto up = Upgrade(graph, {}, "heads");
  auto down = Downgrade(graph, ToNames(up.end_heads), "base");
  double seconds = SecondsSince(start);
  CHECK(up.steps.size() == kRevisions);
  CHECK(down.steps.size() == kRevisions);
  CHECK(RespectsGraph(graph, StepNames(down), true));
  WARN("two branches of 50,000 with depends_on: up and down in " << seconds << " s");
  CHECK(seconds < 10.0);
}

TEST_CASE("100,000 revisions depending on one revision: downgrade is fast", "[scale]") {
  std::vector<Rev> revisions = Line('a', 2);
  revisions.emplace_back(Name('b', 0), Names{"a1"});
  for (int i = 1; i < kRevisions; ++i) {
    revisions.push_back(Rev(Name('b', i), Names{Name('b', i - 1)}).DependsOn({"a0"}));
  }
  auto graph = Graph(revisions);
  auto start = std::chrono::steady_clock::now();
  auto up = Upgrade(graph, {}, "heads");
  auto down = Downgrade(graph, ToNames(up.end_heads), "base");
  double seconds = SecondsSince(start);
  CHECK(down.steps.size() == kRevisions + 2);
  CHECK(EditKinds(down)[0] == "update");  // a0 is implied by b0's parent a1, not b's own
  WARN("100,000 revisions depending on a0: up and down in " << seconds << " s");
  CHECK(seconds < 10.0);
}

}  // namespace
}  // namespace rev::testing
