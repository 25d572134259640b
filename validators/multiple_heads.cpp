#include "validators/rules.h"

namespace rev::validators {

void CheckMultipleHeads(const FolderFacts& facts, Findings* findings) {
  std::vector<const revisions::Revision*> heads = HeadsOf(facts);
  if (heads.size() < 2 || EachHasOwnLabel(facts, heads)) return;
  Finding finding;
  finding.code = "multiple-heads";
  finding.message = std::to_string(heads.size()) + " heads: " + NameWithFiles(heads);
  finding.location = {heads.front()->path(), heads.front()->lines().revision, 0};
  for (size_t i = 1; i < heads.size(); ++i) {
    finding.related.push_back({heads[i]->path(), heads[i]->lines().revision, 0});
  }
  finding.hint =
      "join them with `rev merge heads -m \"merge\"`; branches meant to stay apart each need "
      "their own branch label";
  findings->push_back(std::move(finding));
}

}  // namespace rev::validators
