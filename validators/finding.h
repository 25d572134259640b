// Finding: one thing `rev validate` has to say about a project, as a value.
//
// A finding has a stable kebab-case code (for JSON and for scripts that filter on it), a
// severity, one sentence of message, where it is, and the fix. Rules produce findings;
// they never print and never choose an exit code: the CLI does both.
#pragma once

#include <string>
#include <vector>

#include "revisions/status.h"

namespace rev::validators {

enum class Severity { kError, kWarning };

const char* SeverityName(Severity severity);  // "error" / "warning"

struct Finding {
  std::string code;  // e.g. "duplicate-id", "multiple-heads"
  Severity severity = Severity::kError;
  std::string message;
  SourceLocation location;  // file empty when the finding is about the project as a whole
  std::string hint;         // the fix; may be empty
  // Other places the finding is about (the second file of a duplicate id, each head's
  // file, every member of a cycle), sorted; the message names them too.
  std::vector<SourceLocation> related;
};

using Findings = std::vector<Finding>;

// Sorts by file, line, code and message, so output is the same on every run.
void SortFindings(Findings* findings);

// --strict: every warning becomes an error.
void MakeWarningsErrors(Findings* findings);

// A finding saying what a failed `status` says, where it says it.
Finding FindingFromStatus(std::string code, Severity severity, const Status& status);

size_t CountErrors(const Findings& findings);
size_t CountWarnings(const Findings& findings);

}  // namespace rev::validators
