// unknown-database-head: the database is ahead of this checkout, or files were lost.
#include "validators/database_rules.h"

namespace rev::validators {

void CheckDatabaseHeads(const FolderFacts& folder, const DatabaseFacts& database,
                        Findings* findings) {
  for (const revisions::RevisionId& head : database.state.heads) {
    if (FindInFolder(folder, head.str()) != nullptr) continue;
    Finding finding;
    finding.code = "unknown-database-head";
    finding.message = database.where + " is at revision " + head.str() +
                      ", which this folder does not have: the database is ahead of this "
                      "checkout, or the revision's file was lost";
    finding.hint =
        "update the checkout to include it; `rev stamp --purge TARGET` replaces the version "
        "table if it is truly gone";
    findings->push_back(std::move(finding));
  }
}

}  // namespace rev::validators
