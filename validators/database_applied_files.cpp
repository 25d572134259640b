// applied-file-changed, applied-file-missing: the checksums recorded when revisions were
// applied, against the files now in the folder.
#include "validators/database_rules.h"

namespace rev::validators {
namespace {

// A duplicated id is its own finding; the database matches it if any of its files match.
bool AnyFileMatches(const FolderFacts& folder, const std::string& id, const std::string& sum) {
  for (const revisions::Revision& revision : folder.scan->revisions) {
    if (revision.id().str() == id && revision.checksum().hex() == sum) return true;
  }
  return false;
}

}  // namespace

void CheckAppliedFiles(const FolderFacts& folder, const DatabaseFacts& database,
                       Findings* findings) {
  for (const engine::backends::AppliedRevision& applied : database.state.applied) {
    const revisions::Revision* revision = FindInFolder(folder, applied.revision);
    // A revision a squash replaced: its file is gone on purpose.
    if (revision == nullptr && folder.graph &&
        folder.graph->ReplacedBy(applied.revision) != nullptr) {
      continue;
    }
    if (revision == nullptr) {
      Finding finding;
      finding.code = "applied-file-missing";
      finding.message = "revision " + applied.revision + " is applied to " + database.where +
                        " (since " + applied.applied_at + "), but no file in the folder has it";
      finding.hint =
          "restore its file from version control; if it is gone for good, `rev repair` "
          "forgets it";
      findings->push_back(std::move(finding));
    } else if (!AnyFileMatches(folder, applied.revision, applied.checksum)) {
      Finding finding;
      finding.code = "applied-file-changed";
      finding.message = "revision " + applied.revision + " changed since it was applied to " +
                        database.where + " (checksum " + applied.checksum.substr(0, 12) +
                        " then, " + revision->checksum().hex().substr(0, 12) + " now)";
      finding.location = {revision->path(), 0, 0};
      finding.hint =
          "an applied revision should not change: restore the file as it was applied and "
          "put the change in a new revision; `rev repair` accepts the file as it is";
      findings->push_back(std::move(finding));
    }
  }
}

}  // namespace rev::validators
