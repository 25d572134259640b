// Whether a plan can run as written: the sections its steps need are there.
//
// The parser accepts a revision with an empty upgrade section (so that `rev create` twice in
// a row works) and one without a downgrade section; `rev validate` reports both. An upgrade
// section of comments alone is a deliberate no-op and runs as one. A plan
// that would run through one is refused before anything runs, online or with --sql.
#pragma once

#include "engine/plan.h"
#include "engine/revision_graph.h"

namespace rev::validators {

// Fails with kInvalidInput at the first offending revision's file:line (the message counts
// the others) when an upgrade step's revision was left empty (Revision::upgrade_left_empty:
// not a merge, not even a comment), or a downgrade step's revision has no
// `-- rev:downgrade` section although its upgrade runs something and it is not a merge.
// An empty downgrade section is allowed: it runs nothing, as Alembic's `pass`.
// REQUIRES: every step's revision is in `graph`.
Status CheckPlanSections(const engine::RevisionGraph& graph, const engine::Plan& plan);

}  // namespace rev::validators
