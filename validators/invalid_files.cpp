#include "validators/rules.h"

namespace rev::validators {

void CheckInvalidFiles(const FolderFacts& facts, Findings* findings) {
  for (const Status& error : facts.scan->errors) {
    findings->push_back(FindingFromStatus("invalid-file", Severity::kError, error));
  }
}

}  // namespace rev::validators
