#include "validators/rules.h"

namespace rev::validators {

void CheckOrphans(const FolderFacts& facts, Findings* findings) {
  for (const engine::Orphan& orphan : facts.structure.orphans) {
    Finding finding;
    finding.code = "orphan";
    finding.message = "revision " + orphan.revision + ": " + orphan.key + " names '" +
                      orphan.missing + "', which is no revision in the folder";
    finding.location = {orphan.path, orphan.line, 0};
    if (orphan.near.empty()) {
      finding.hint = "fix the id, or restore the missing revision file";
    } else {
      finding.hint = "did you mean ";
      for (size_t i = 0; i < orphan.near.size(); ++i) {
        finding.hint += (i > 0 ? " or " : "") + orphan.near[i];
      }
      finding.hint += "?";
    }
    findings->push_back(std::move(finding));
  }
}

}  // namespace rev::validators
