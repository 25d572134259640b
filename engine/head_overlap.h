// Rows of a version table that overlap: one row a down_revision ancestor of another, so the
// table says one branch stands at two places (Alembic: "Requested revision X overlaps with
// other requested revisions Y"). A correct table never holds such rows; a hand-edited one,
// or one adopted from another tool, may. Pure.
#pragma once

#include <optional>

#include "engine/revision_graph.h"

namespace rev::engine {

struct HeadOverlap {
  RevisionId descendant;
  RevisionId ancestor;  // a down_revision ancestor of `descendant`, also among the heads
};

// The first overlapping pair of `heads` (in the order given), if any. Ids the graph does
// not hold are ignored.
std::optional<HeadOverlap> FindHeadOverlap(const RevisionGraph& graph, const RevisionIds& heads);

}  // namespace rev::engine
