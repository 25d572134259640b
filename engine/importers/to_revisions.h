// From an ImportedProject to the rev revisions `rev import` writes.
#pragma once

#include <string>
#include <vector>

#include "engine/importers/imported.h"
#include "revisions/revision_file.h"

namespace rev::engine::importers {

// A migration made `transactional: false`, and the statement that made it so.
struct MadeNonTransactional {
  std::string id;
  std::string reason;  // "the source says so", or the statement PostgreSQL refuses in a transaction
};

struct ImportedRevisions {
  std::vector<revisions::NewRevision> revisions;  // in the order the tool applies them
  std::vector<std::string> sources;               // revisions[i]'s source, as the user sees it
  std::vector<std::string> keys;                  // revisions[i]'s key in the tool
  std::vector<std::string> without_downgrade;     // ids: the tool had no down migration
  std::vector<MadeNonTransactional> non_transactional;
  std::vector<std::string> unwrapped;  // ids whose script's own BEGIN ... COMMIT was dropped
  std::vector<std::string> no_ops;     // ids that run nothing (kept, never dropped)
};

// Turns every migration into a revision: ids from RevisionIdFor, parents (the previous
// migration when `chained`), a section that was empty in the source gets a comment so that
// it is a deliberate no-op, a BEGIN/COMMIT pair around a whole script is dropped (rev runs
// each step in a transaction of its own), and a migration that holds a statement
// PostgreSQL refuses inside a transaction becomes `transactional: false` where the source
// did not say. `created_at` is used for migrations that have none.
// Fails with kInvalidInput at the migration's source for a key that makes no id, two
// migrations with the same id, a parent or depends_on that names no migration, or a label
// that is not valid.
Result<ImportedRevisions> ToRevisions(const ImportedProject& project,
                                      const std::string& created_at);

}  // namespace rev::engine::importers
