// Lists in text. Every list rev writes into a sentence, a file name or a stored field is
// joined here: names of revisions and labels (anything with str()) or plain strings.
#pragma once

#include <string>
#include <string_view>

namespace rev::revisions {
namespace join_internal {

inline const std::string& TextOf(const std::string& text) { return text; }
template <typename Name>
auto TextOf(const Name& name) -> decltype(name.str()) {
  return name.str();
}

}  // namespace join_internal

// "a, b, c" (`separator` between items), or `empty` when there are none.
template <typename Items>
std::string Join(const Items& items, std::string_view separator = ", ",
                 std::string_view empty = "") {
  std::string text;
  bool first = true;
  for (const auto& item : items) {
    if (!first) text += separator;
    text += join_internal::TextOf(item);
    first = false;
  }
  return first ? std::string(empty) : text;
}

// "a, b or c": choices offered to a person ("did you mean a, b or c?").
template <typename Items>
std::string JoinAlternatives(const Items& items) {
  std::string text;
  size_t i = 0;
  for (const auto& item : items) {
    text += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ");
    text += join_internal::TextOf(item);
    ++i;
  }
  return text;
}

// The rows of a version table as a person reads them: "a, b", or "base" when none.
template <typename Items>
std::string HeadsText(const Items& heads) {
  return Join(heads, ", ", "base");
}

}  // namespace rev::revisions
