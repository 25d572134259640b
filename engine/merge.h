// Merges: which heads a merge revision joins. The revision file itself is written by the
// caller (revisions/revision_file.h): the engine decides, it does not touch files.
#pragma once

#include "engine/target.h"

namespace rev::engine {

// The down_revisions of a merge over `requested` (ids, prefixes, labels, label@head, or
// `heads`: every head `rev heads` lists), sorted in upgrade order. As Alembic's
// `merge`, each must be a head. Fails with kInvalidInput when one is not a head (the
// message names what is built on it) or fewer than two distinct heads remain;
// kNotFound / kAmbiguous as ResolveTarget; kInvalidInput for base or a relative target.
Result<RevisionIds> MergeParents(const RevisionGraph& graph, const std::vector<Target>& requested);

}  // namespace rev::engine
