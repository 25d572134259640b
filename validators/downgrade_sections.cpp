#include "validators/rules.h"

namespace rev::validators {

void CheckDowngradeSections(const FolderFacts& facts, Findings* findings) {
  for (const revisions::Revision& revision : facts.scan->revisions) {
    // A merge revision or a deliberate no-op changes no schema: its downgrade has nothing to
    // undo.
    if (revision.is_merge() || revision.upgrade_runs_nothing()) continue;
    if (!revision.has_downgrade_marker()) {
      findings->push_back({"missing-downgrade",
                           Severity::kWarning,
                           "revision " + revision.id().str() +
                               " has no `-- rev:downgrade` section: it cannot be downgraded",
                           {revision.path(), revision.lines().upgrade_marker, 0},
                           "add `-- rev:downgrade` after the upgrade SQL, with the SQL that "
                           "undoes it",
                           {}});
    } else if (!revision.has_downgrade()) {
      findings->push_back({"empty-downgrade",
                           Severity::kWarning,
                           "revision " + revision.id().str() +
                               " has an empty downgrade section: downgrading it changes nothing",
                           {revision.path(), revision.lines().downgrade_marker, 0},
                           "write the SQL that undoes the upgrade under `-- rev:downgrade`",
                           {}});
    }
  }
}

}  // namespace rev::validators
