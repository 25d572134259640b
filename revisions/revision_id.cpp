#include "revisions/revision_id.h"

#include <array>
#include <cstdint>

namespace rev::revisions {
namespace {

constexpr size_t kMaxNameLength = 64;

// Which bytes each kind of name allows, as a table: a graph of 100,000 revisions checks
// every id it reads (the scan cache's too), and a lookup per byte is what that costs.
constexpr uint8_t kIdChar = 1;
constexpr uint8_t kLabelChar = 2;

constexpr std::array<uint8_t, 256> NameChars() {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    bool id =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    table[c] = static_cast<uint8_t>((id ? kIdChar | kLabelChar : 0) |
                                    (c == '.' || c == '-' ? kLabelChar : 0));
  }
  return table;
}
constexpr std::array<uint8_t, 256> kNameChars = NameChars();

// Whether every byte of `text` is one that `allowed` names.
bool CharsAllowed(std::string_view text, uint8_t allowed) {
  uint8_t kinds = kIdChar | kLabelChar;  // the kinds of name every byte so far allows
  for (char c : text) kinds &= kNameChars[static_cast<unsigned char>(c)];
  return (kinds & allowed) != 0;
}

bool IsName(std::string_view text, uint8_t allowed) {
  return !text.empty() && text.size() <= kMaxNameLength && CharsAllowed(text, allowed) &&
         !IsReservedWord(text);
}

std::string NameProblem(std::string_view text, uint8_t allowed, const char* kind,
                        const char* alphabet) {
  if (IsName(text, allowed)) return {};
  const bool chars_ok = CharsAllowed(text, allowed);
  if (text.empty()) return std::string("a ") + kind + " cannot be empty";
  if (text.size() > kMaxNameLength) {
    return std::string("a ") + kind + " has at most 64 characters; '" + std::string(text) +
           "' has " + std::to_string(text.size());
  }
  if (!chars_ok) {
    return std::string("'") + std::string(text) + "' is not a valid " + kind + ": only " +
           alphabet + " are allowed";
  }
  if (IsReservedWord(text)) {
    return std::string("'") + std::string(text) + "' is a reserved word and cannot be a " + kind;
  }
  return {};
}

}  // namespace

bool IsReservedWord(std::string_view text) {
  if (text.size() < 4 || text.size() > 7) return false;  // the words' lengths
  static constexpr std::array<std::string_view, 4> kReserved = {"head", "heads", "base", "current"};
  for (std::string_view word : kReserved) {
    if (text == word) return true;
  }
  return false;
}

std::string RevisionId::Problem(std::string_view text) {
  return NameProblem(text, kIdChar, "revision id", "letters, digits and '_'");
}

std::optional<RevisionId> RevisionId::TryParse(std::string_view text) {
  if (!IsName(text, kIdChar)) return std::nullopt;
  return RevisionId(std::string(text));
}

Result<RevisionId> RevisionId::Parse(std::string_view text) {
  std::string problem = Problem(text);
  if (!problem.empty()) return Status::InvalidInput(std::move(problem));
  return RevisionId(std::string(text));
}

std::string BranchLabel::Problem(std::string_view text) {
  return NameProblem(text, kLabelChar, "branch label", "letters, digits, '_', '.' and '-'");
}

std::optional<BranchLabel> BranchLabel::TryParse(std::string_view text) {
  if (!IsName(text, kLabelChar)) return std::nullopt;
  return BranchLabel(std::string(text));
}

Result<BranchLabel> BranchLabel::Parse(std::string_view text) {
  std::string problem = Problem(text);
  if (!problem.empty()) return Status::InvalidInput(std::move(problem));
  return BranchLabel(std::string(text));
}

std::optional<RevisionRef> RevisionRef::TryParse(std::string_view text) {
  if (!IsName(text, kLabelChar)) return std::nullopt;  // every id is a valid label too
  return RevisionRef(std::string(text));
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
