#include "validators/finding.h"

#include <algorithm>
#include <tuple>

namespace rev::validators {

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

void SortFindings(Findings* findings) {
  std::stable_sort(findings->begin(), findings->end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.file, a.location.line, a.code, a.message) <
           std::tie(b.location.file, b.location.line, b.code, b.message);
  });
}

void MakeWarningsErrors(Findings* findings) {
  for (Finding& finding : *findings) finding.severity = Severity::kError;
}

Finding FindingFromStatus(std::string code, Severity severity, const Status& status) {
  Finding finding;
  finding.code = std::move(code);
  finding.severity = severity;
  finding.message = status.message();
  if (status.location()) finding.location = *status.location();
  finding.hint = status.hint();
  return finding;
}

size_t CountErrors(const Findings& findings) {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.severity == Severity::kError;
  }));
}

size_t CountWarnings(const Findings& findings) { return findings.size() - CountErrors(findings); }

}  // namespace rev::validators
