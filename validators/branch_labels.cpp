#include <map>

#include "engine/graph_errors.h"
#include "validators/rules.h"

namespace rev::validators {

void CheckBranchLabels(const FolderFacts& facts, Findings* findings) {
  using revisions::Revision;
  std::map<std::string, const Revision*> by_id;
  for (const Revision& revision : facts.scan->revisions)
    by_id.emplace(revision.id().str(), &revision);

  size_t before = findings->size();
  std::map<std::string, const Revision*> owners;
  for (const Revision& revision : facts.scan->revisions) {
    for (const auto& label : revision.branch_labels()) {
      auto [owner, inserted] = owners.emplace(label.str(), &revision);
      if (!inserted && owner->second->id() != revision.id()) {
        findings->push_back(
            FindingFromStatus("duplicate-branch-label", Severity::kError,
                              engine::LabelDeclaredTwice(label.str(), *owner->second, revision)));
        findings->back().related.push_back({owner->second->path(), 0, 0});
      }
      if (auto same = by_id.find(label.str()); same != by_id.end()) {
        findings->push_back(
            FindingFromStatus("branch-label-is-id", Severity::kError,
                              engine::LabelIsRevisionId(label.str(), revision, *same->second)));
      }
    }
  }
  // The graph refuses for a reason no rule has named: report it rather than pass a folder
  // every other command would refuse.
  if (facts.structure.ok() && !facts.graph && findings->size() == before) {
    findings->push_back(FindingFromStatus("invalid-graph", Severity::kError, facts.graph_status));
  }
}

}  // namespace rev::validators
