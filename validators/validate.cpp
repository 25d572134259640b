#include "validators/validate.h"

#include "validators/rules.h"

namespace rev::validators {
namespace {

using Rule = void (*)(const FolderFacts&, Findings*);

constexpr Rule kFolderRules[] = {
    CheckInvalidFiles,
    CheckNotices,
    CheckDuplicateIds,
    CheckOrphans,
    CheckCycles,
    CheckBranchLabels,
    CheckMultipleHeads,
    CheckMultipleBases,
    CheckDowngradeSections,
    CheckEmptyUpgrade,
    CheckIdMatchesFileName,
};

}  // namespace

Findings ValidateFolder(const FolderFacts& facts) {
  Findings findings;
  for (Rule rule : kFolderRules) rule(facts, &findings);
  SortFindings(&findings);
  return findings;
}

}  // namespace rev::validators
