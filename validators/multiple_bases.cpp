#include "validators/rules.h"

namespace rev::validators {

void CheckMultipleBases(const FolderFacts& facts, Findings* findings) {
  std::vector<const revisions::Revision*> bases = BasesOf(facts);
  if (bases.size() < 2 || EachHasOwnLabel(facts, bases)) return;
  Finding finding;
  finding.code = "multiple-bases";
  finding.severity = Severity::kWarning;
  finding.message = std::to_string(bases.size()) +
                    " bases (revisions with no down_revision): " + NameWithFiles(bases);
  finding.location = {bases.back()->path(), bases.back()->lines().down_revision, 0};
  for (size_t i = 0; i + 1 < bases.size(); ++i) {
    finding.related.push_back({bases[i]->path(), bases[i]->lines().down_revision, 0});
  }
  finding.hint =
      "set down_revision of the newer one to the revision it follows; branches meant to stay "
      "apart each need a branch label, the trunk too (`rev create \"msg\" --branch-label "
      "main`, then `rev create \"msg\" --head base --branch-label NAME`)";
  findings->push_back(std::move(finding));
}

}  // namespace rev::validators
