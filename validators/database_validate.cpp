#include "validators/database_rules.h"

namespace rev::validators {

const revisions::Revision* FindInFolder(const FolderFacts& folder, const std::string& id) {
  if (folder.graph) return folder.graph->Find(id);
  for (const revisions::Revision& revision : folder.scan->revisions) {
    if (revision.id().str() == id) return &revision;
  }
  return nullptr;
}

void ValidateDatabase(const FolderFacts& folder, const DatabaseFacts& database,
                      Findings* findings) {
  CheckAppliedFiles(folder, database, findings);
  CheckDatabaseHeads(folder, database, findings);
  CheckStepState(folder, database, findings);
}

}  // namespace rev::validators
