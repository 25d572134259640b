#include "validators/rules.h"

namespace rev::validators {

void CheckEmptyUpgrade(const FolderFacts& facts, Findings* findings) {
  for (const revisions::Revision& revision : facts.scan->revisions) {
    // Only a merge revision may be empty: it joins heads and changes no schema.
    if (revision.is_merge() || !revision.upgrade_is_blank()) continue;
    findings->push_back({"empty-upgrade",
                         Severity::kError,
                         "revision " + revision.id().str() +
                             " has an empty upgrade section (only a merge revision may)",
                         {revision.path(), revision.lines().upgrade_marker, 0},
                         "write the SQL under `-- rev:upgrade`, or delete the file if the "
                         "revision is not needed",
                         {}});
  }
}

}  // namespace rev::validators
