#include "validators/rules.h"

namespace rev::validators {

void CheckEmptyUpgrade(const FolderFacts& facts, Findings* findings) {
  for (const revisions::Revision& revision : facts.scan->revisions) {
    if (!revision.upgrade_left_empty()) continue;
    findings->push_back(
        {"empty-upgrade",
         Severity::kError,
         "revision " + revision.id().str() +
             " has an empty upgrade section (only a merge revision may have one)",
         {revision.path(), revision.lines().upgrade_marker, 0},
         "write the SQL under `-- rev:upgrade`; for a revision that deliberately does nothing on "
         "this database, say why in a comment there (e.g. `-- no-op: only PostgreSQL changed`): "
         "a section of comments alone runs nothing and is accepted",
         {}});
  }
}

}  // namespace rev::validators
