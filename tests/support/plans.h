// Plans asked in one line, for the planner's tests:
//
//   CHECK(StepNames(Upgrade(graph, {}, "heads")) == Names{"a", "b"});
//   CHECK(UpgradeError(graph, {"a", "b"}, "+1").code() == StatusCode::kAmbiguous);
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "engine/planner.h"
#include "tests/support/graph_literals.h"

namespace rev::testing {

inline engine::Target ParsedTarget(const std::string& text) {
  auto target = engine::ParseTarget(text);
  INFO(text << ": " << target.status().ToString());
  REQUIRE(target.ok());
  return *target;
}

inline engine::TargetRange ParsedRange(const std::string& text) {
  auto range = engine::ParseTargetRange(text);
  INFO(text << ": " << range.status().ToString());
  REQUIRE(range.ok());
  return *range;
}

inline engine::Plan Upgrade(const engine::RevisionGraph& graph, const Names& current,
                            const std::string& target) {
  auto plan = engine::PlanUpgrade(graph, Ids(current), ParsedTarget(target));
  INFO("upgrade " << target << ": " << plan.status().ToString());
  REQUIRE(plan.ok());
  return std::move(plan).value();
}

inline engine::Plan Downgrade(const engine::RevisionGraph& graph, const Names& current,
                              const std::string& target) {
  auto plan = engine::PlanDowngrade(graph, Ids(current), ParsedTarget(target));
  INFO("downgrade " << target << ": " << plan.status().ToString());
  REQUIRE(plan.ok());
  return std::move(plan).value();
}

inline Status UpgradeError(const engine::RevisionGraph& graph, const Names& current,
                           const std::string& target) {
  auto plan = engine::PlanUpgrade(graph, Ids(current), ParsedTarget(target));
  INFO("upgrade " << target << " should fail");
  REQUIRE_FALSE(plan.ok());
  return plan.status();
}

inline Status DowngradeError(const engine::RevisionGraph& graph, const Names& current,
                             const std::string& target) {
  auto plan = engine::PlanDowngrade(graph, Ids(current), ParsedTarget(target));
  INFO("downgrade " << target << " should fail");
  REQUIRE_FALSE(plan.ok());
  return plan.status();
}

// The version table's rows after each step: {"a"}, {"b", "c"}, ...
inline std::vector<Names> RowsAfterEachStep(const engine::Plan& plan) {
  std::vector<Names> rows;
  for (const engine::Step& step : plan.steps) rows.push_back(ToNames(step.to_heads));
  return rows;
}

// Each step's edit kind: "insert", "update", ...
inline Names EditKinds(const engine::Plan& plan) {
  Names kinds;
  for (const engine::Step& step : plan.steps)
    kinds.push_back(engine::VersionEditKindName(step.edit.kind));
  return kinds;
}

}  // namespace rev::testing
