// What `rev create` and `rev merge` share: choosing the id, checking new branch labels, and
// writing the file where file_template says, then telling the user where it went.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/revision_graph.h"
#include "revisions/revision_file.h"

namespace rev::cli {

// `requested` (--rev-id) when given, else a fresh random id. Fails with kInvalidInput when
// `requested` is not a valid id or a revision already has it.
Result<revisions::RevisionId> ChooseRevisionId(const engine::RevisionGraph& graph,
                                               const std::string& requested);

// Parses --branch-label values (duplicates dropped). Fails with kInvalidInput for an invalid
// label, one another revision declares, or one that is a revision id.
Result<std::vector<revisions::BranchLabel>> NewBranchLabels(const engine::RevisionGraph& graph,
                                                            const std::vector<std::string>& labels);

// Sets `created_at`, writes the file into the revisions folder (never over an existing
// file) and prints its path, or in JSON mode {"revision", "path", "down_revision"}.
// Fails with kInvalidInput for a bad file_template or a file that cannot be written.
Status WriteRevision(Context& context, revisions::NewRevision revision);

// Where file_template puts `revision` in the revisions folder, naming it at `when`. Fails
// with kInvalidInput for a bad file_template, at its line in rev.yaml.
Result<std::filesystem::path> NewRevisionPath(Context& context,
                                              const revisions::NewRevision& revision,
                                              std::chrono::system_clock::time_point when);

// WriteRevision without the printing: returns the file's path as shown to a person.
Result<std::string> WriteRevisionFile(Context& context, revisions::NewRevision* revision);

}  // namespace rev::cli
