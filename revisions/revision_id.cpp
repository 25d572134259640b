#include "revisions/revision_id.h"

#include <array>

namespace rev::revisions {
namespace {

constexpr size_t kMaxNameLength = 64;

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsLabelChar(char c) { return IsIdChar(c) || c == '.' || c == '-'; }

std::string NameProblem(std::string_view text, bool (*allowed)(char), const char* kind,
                        const char* alphabet) {
  if (text.empty()) return std::string("a ") + kind + " cannot be empty";
  if (text.size() > kMaxNameLength) {
    return std::string("a ") + kind + " has at most 64 characters; '" + std::string(text) +
           "' has " + std::to_string(text.size());
  }
  for (char c : text) {
    if (!allowed(c)) {
      return std::string("'") + std::string(text) + "' is not a valid " + kind + ": only " +
             alphabet + " are allowed";
    }
  }
  if (IsReservedWord(text)) {
    return std::string("'") + std::string(text) + "' is a reserved word and cannot be a " + kind;
  }
  return {};
}

}  // namespace

bool IsReservedWord(std::string_view text) {
  static constexpr std::array<std::string_view, 4> kReserved = {"head", "heads", "base", "current"};
  for (std::string_view word : kReserved) {
    if (text == word) return true;
  }
  return false;
}

std::string RevisionId::Problem(std::string_view text) {
  return NameProblem(text, IsIdChar, "revision id", "letters, digits and '_'");
}

Result<RevisionId> RevisionId::Parse(std::string_view text) {
  std::string problem = Problem(text);
  if (!problem.empty()) return Status::InvalidInput(std::move(problem));
  return RevisionId(std::string(text));
}

std::string BranchLabel::Problem(std::string_view text) {
  return NameProblem(text, IsLabelChar, "branch label", "letters, digits, '_', '.' and '-'");
}

Result<BranchLabel> BranchLabel::Parse(std::string_view text) {
  std::string problem = Problem(text);
  if (!problem.empty()) return Status::InvalidInput(std::move(problem));
  return BranchLabel(std::string(text));
}

Result<RevisionRef> RevisionRef::Parse(std::string_view text) {
  // Every valid id is a valid label too: the label's rule is the one to pass.
  if (RevisionId::Problem(text).empty()) return RevisionRef(std::string(text));
  std::string problem = BranchLabel::Problem(text);
  if (!problem.empty()) {
    return Status::InvalidInput("'" + std::string(text) +
                                "' names no revision: it is neither a revision id (letters, "
                                "digits, '_') nor a branch label (also '.' and '-')");
  }
  return RevisionRef(std::string(text));
}

}  // namespace rev::revisions
