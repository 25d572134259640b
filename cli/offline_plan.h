// What `upgrade --sql` and `downgrade --sql` share: plan from a start the user names (no
// database is opened), then print the plan as SQL, or as JSON steps.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cli/context.h"
#include "engine/plan.h"
#include "engine/target.h"

namespace rev::cli {

// Plans `target` offline. A range START:TARGET starts from START's revisions (`base`
// or empty: nothing applied); otherwise an upgrade starts from base and a downgrade is
// refused (kInvalidInput: it needs START:TARGET, as Alembic's --sql). Prints the SQL
// script, or in JSON mode {"steps": [{"revision", "direction", "from", "to"}, ...]}.
// Fails as the planner does, and with kInvalidInput when a step's section is missing
// (validators::CheckPlanSections) or the database URL names no known dialect.
Status RunOfflinePlan(Context& context, engine::Direction direction,
                      const engine::TargetOrRange& target);

// {"steps": [{"revision", "direction", "from", "to", "edit"}, ...], "from", "to"}: a plan
// as --sql --json and --dry-run --json print it.
nlohmann::json PlanJson(const engine::Plan& plan);

}  // namespace rev::cli
