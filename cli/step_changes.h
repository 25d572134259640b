// What each step changes, for `upgrade --dry-run`, `downgrade --dry-run` and `show`: the
// steps replayed on a scratch database with the catalog diffed around each
// (engine/schema/step_changes.h), and how the changes are shown under each step.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/plan.h"
#include "engine/schema/change.h"

namespace rev::cli {

// One Changes per step of `plan`; nullopt, after a note or warning saying why, when they
// cannot be found (a PostgreSQL project without a dev database; a revision that fails on
// the scratch database). Never fails the command: the plan is still worth printing.
std::optional<std::vector<engine::schema::Changes>> FindStepChanges(
    Context& context, const engine::RevisionGraph& graph, const engine::Plan& plan);

// The plan of one revision's upgrade alone, from its parents: what `show` describes.
engine::Plan PlanOfRevision(const engine::RevisionGraph& graph, const engine::RevisionId& id);

// A step's changes as lines under its plan line ("      + create_table users").
std::vector<std::string> StepChangeLines(const engine::schema::Changes& changes);

// Adds "changes" (ChangesJson) to each step of a PlanJson document.
void AddStepChanges(const std::vector<engine::schema::Changes>& changes, nlohmann::json* plan);

}  // namespace rev::cli
