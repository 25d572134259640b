// `rev fleet status`'s look at one target, in this process: what `rev status` reads (the
// heads, what is pending to the files' heads, drift, unknown heads, a dirty step), read-only
// and without a process per target, since a pass over a thousand databases that changes
// nothing should cost what reading them costs. Settings are resolved per target exactly as
// the target's own `rev status` would resolve them (the URL as --database).
#pragma once

#include "cli/fleet/outcome.h"
#include "cli/fleet/targets.h"
#include "engine/operations/settings.h"
#include "engine/revision_graph.h"
#include "revisions/project_config.h"

namespace rev::cli {

// Never fails: a target that cannot be read is a kFailed outcome with the reason, redacted.
// Safe to call from several threads at once (each opens its own connection).
TargetOutcome ReadTargetStatus(const FleetTarget& target, const revisions::ProjectConfig& config,
                               const engine::operations::SettingsRequest& request,
                               const engine::RevisionGraph& graph);

}  // namespace rev::cli
