// A database at a revision that `rev squash` replaced. At the revision the squash reached
// (the last id of its `replaces:`) the database stands where the squashed revision leaves
// it: reading commands take that row as the squashed revision's id, and the first command
// that changes the database rewrites the row so, with a history row saying it. At any
// other replaced revision nothing in this folder can move it: refused, with the fix.
#pragma once

#include "engine/backends/backend.h"
#include "engine/operations/migrator.h"
#include "engine/revision_graph.h"

namespace rev::engine::operations {

// `heads` with each id a squash reached read as its squashed revision's id, sorted. Other
// ids, replaced ones included, are left as they are.
RevisionIds ReadAsSquashed(const RevisionIds& heads, const RevisionGraph& graph);

// Fails with kRefused when a head is a replaced revision other than the one its squash
// reached, naming the revision, the squashed revision's file and what to do.
Status CheckNoHeadInsideSquash(const RevisionIds& heads, const RevisionGraph& graph);

// Under the migration lock, before the heads are read for a plan: when the version table
// holds an id a squash reached, in one transaction its row becomes the squashed
// revision's id, rev_applied follows (the replaced revisions' rows go, the squashed
// revision's checksum comes) and a `stamped` history row records it. Does nothing when no
// head is a replaced id, or when the version table does not exist. Sets `*settled` (when
// not null) to whether it changed anything. Fails as CheckNoHeadInsideSquash, and as the
// database does (nothing changed then).
Status SettleSquashedHeads(backends::Backend& backend, const RevisionGraph& graph,
                           const MigrationOptions& options, bool* settled = nullptr);

}  // namespace rev::engine::operations
