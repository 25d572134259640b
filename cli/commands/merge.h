// `rev merge [REVS... | heads] -m MSG`: a merge revision joining several heads.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace rev::cli {

struct MergeOptions {
  std::vector<std::string> revisions;      // ids, prefixes, labels or "heads"; empty: heads
  std::string message;                     // -m; empty: "merge a, b"
  std::string rev_id;                      // --rev-id
  std::vector<std::string> branch_labels;  // --branch-label
};

void RegisterMerge(CLI::App& app, Action* action);

// Writes the merge revision (empty upgrade and downgrade) and prints its path. Fails with
// kInvalidInput when fewer than two revisions remain to join, or one is an ancestor of
// another (engine::MergeParents); kNotFound / kAmbiguous as targets do.
Status RunMerge(const MergeOptions& options, Context& context);

}  // namespace rev::cli
