#include "validators/rules.h"

namespace rev::validators {

void CheckDuplicateIds(const FolderFacts& facts, Findings* findings) {
  for (const engine::DuplicateId& duplicate : facts.structure.duplicates) {
    Finding finding;
    finding.code = "duplicate-id";
    finding.message = "revision id '" + duplicate.id + "' is declared by " +
                      std::to_string(duplicate.paths.size()) + " files: ";
    for (size_t i = 0; i < duplicate.paths.size(); ++i) {
      SourceLocation where{duplicate.paths[i], duplicate.lines[i], 0};
      finding.message += (i > 0 ? ", " : "") + where.ToString();
      if (i == 0) {
        finding.location = where;
      } else {
        finding.related.push_back(where);
      }
    }
    finding.hint =
        "give all but one of them a new id (`rev create` makes unique ones) and update the "
        "down_revision of their children";
    findings->push_back(std::move(finding));
  }
}

}  // namespace rev::validators
