// What each step of a plan changes, found with the schema engine rather than by reading
// SQL: the revisions are replayed on a scratch database up to the plan's start, then each
// step runs there, with the catalog read and diffed around it. Sample rows put into every
// table before each step show what the step does to data (update_data) and which dropped
// and added columns or tables were renames (their values moved).
#pragma once

#include <vector>

#include "engine/plan.h"
#include "engine/revision_graph.h"
#include "engine/schema/change.h"
#include "engine/schema/introspect.h"
#include "engine/schema/scratch.h"

namespace rev::engine::schema {

// One Changes per step of `plan`, in order. REQUIRES: the graph's sections are loaded.
// Fails as RunStepOnScratch (kInvalidInput naming a revision that fails on the scratch
// database) and as the scratch server.
Result<std::vector<Changes>> ChangesOfSteps(ScratchServer& scratch, const RevisionGraph& graph,
                                            const Plan& plan, const IntrospectOptions& introspect);

}  // namespace rev::engine::schema
