// RevisionId and BranchLabel: the two names a user gives a revision.
//
// Both are validated on construction, so holding one means it is well formed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "revisions/result.h"

namespace rev::revisions {

// A revision id: 1–64 characters of [A-Za-z0-9_], not one of the reserved words
// `head`, `heads`, `base`, `current` (which are targets, SPEC §2).
class RevisionId {
 public:
  // Fails with kInvalidInput whose message says what is wrong with `text`.
  static Result<RevisionId> Parse(std::string_view text);
  // The same check without the message, for text that is almost always valid (ids rev
  // wrote itself, read back): nullopt when Parse would fail.
  static std::optional<RevisionId> TryParse(std::string_view text);

  // Empty when `text` is a valid id; otherwise why it is not.
  static std::string Problem(std::string_view text);

  const std::string& str() const { return value_; }

  friend bool operator==(const RevisionId& a, const RevisionId& b) { return a.value_ == b.value_; }
  friend bool operator!=(const RevisionId& a, const RevisionId& b) { return a.value_ != b.value_; }
  friend bool operator<(const RevisionId& a, const RevisionId& b) { return a.value_ < b.value_; }

 private:
  explicit RevisionId(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// A branch label: 1–64 characters of [A-Za-z0-9_.-], not a reserved word. Labels live in
// their own namespace, but may not equal a revision id (the graph checks that).
class BranchLabel {
 public:
  static Result<BranchLabel> Parse(std::string_view text);
  static std::optional<BranchLabel> TryParse(std::string_view text);
  static std::string Problem(std::string_view text);

  const std::string& str() const { return value_; }

  friend bool operator==(const BranchLabel& a, const BranchLabel& b) {
    return a.value_ == b.value_;
  }
  friend bool operator!=(const BranchLabel& a, const BranchLabel& b) {
    return a.value_ != b.value_;
  }
  friend bool operator<(const BranchLabel& a, const BranchLabel& b) { return a.value_ < b.value_; }

 private:
  explicit BranchLabel(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// How a revision file names another in `depends_on`: a revision id or, as in Alembic, a
// branch label, meaning the revision that declares it. Kept as written; which of the two it
// is, the graph decides (an id first). Valid when it is a valid id or a valid label.
class RevisionRef {
 public:
  static Result<RevisionRef> Parse(std::string_view text);
  static std::optional<RevisionRef> TryParse(std::string_view text);
  explicit RevisionRef(const RevisionId& id) : value_(id.str()) {}
  explicit RevisionRef(const BranchLabel& label) : value_(label.str()) {}

  const std::string& str() const { return value_; }

  friend bool operator==(const RevisionRef& a, const RevisionRef& b) {
    return a.value_ == b.value_;
  }
  friend bool operator!=(const RevisionRef& a, const RevisionRef& b) {
    return a.value_ != b.value_;
  }

 private:
  explicit RevisionRef(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

// Heads, parents, dependencies: revisions named together.
using RevisionIds = std::vector<RevisionId>;

// True for the words that are targets and so cannot name a revision or label.
bool IsReservedWord(std::string_view text);

}  // namespace rev::revisions

template <>
struct std::hash<rev::revisions::RevisionId> {
  size_t operator()(const rev::revisions::RevisionId& id) const noexcept {
    return std::hash<std::string>()(id.str());
  }
};
