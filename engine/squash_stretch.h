// The stretch of history `rev squash TARGET` replaces: the target and every revision it
// reaches (through down_revision and depends_on), which become one base revision.
#pragma once

#include <vector>

#include "engine/revision_graph.h"

namespace rev::engine {

struct SquashStretch {
  explicit SquashStretch(RevisionId last) : target(std::move(last)) {}

  RevisionId target;
  RevisionIds revisions;  // the stretch in upgrade order; the target last
  // What the squashed revision's `replaces:` lists: each revision of the stretch after the
  // ids it replaced itself (an earlier squash's), so that files naming those still resolve.
  // The target last.
  RevisionIds replaces;
  // The labels the stretch's revisions declare, which the squashed revision declares.
  std::vector<BranchLabel> branch_labels;
};

// The stretch up to `target`. Fails with kInvalidInput (nothing to write) when a revision
// outside the stretch has a down_revision inside it other than the target (it branches off
// inside the stretch, which would leave it without its parent), and when the stretch is
// the target alone and it is already a base: there is nothing to squash.
// REQUIRES: graph.Contains(target).
Result<SquashStretch> FindSquashStretch(const RevisionGraph& graph, const RevisionId& target);

}  // namespace rev::engine
