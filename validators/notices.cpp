#include "validators/rules.h"

namespace rev::validators {
namespace {

void Append(const std::vector<revisions::Notice>& notices, Findings* findings) {
  for (const revisions::Notice& notice : notices) {
    findings->push_back(
        {notice.code, Severity::kWarning, notice.message, notice.location, notice.hint, {}});
  }
}

}  // namespace

void CheckNotices(const FolderFacts& facts, Findings* findings) {
  Append(facts.options.config_warnings, findings);
  Append(facts.scan->warnings, findings);
}

}  // namespace rev::validators
