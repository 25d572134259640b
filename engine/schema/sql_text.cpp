#include "engine/schema/sql_text.h"

#include <cctype>

namespace rev::engine::schema {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

char ClosingQuote(char open) {
  switch (open) {
    case '\'':
    case '"':
    case '`':
      return open;
    case '[':
      return ']';
    default:
      return 0;
  }
}

// The index just past the quoted run or comment starting at `i`, or `i` when none starts.
size_t SkipQuotedOrComment(std::string_view text, size_t i) {
  char c = text[i];
  if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
    size_t end = text.find('\n', i);
    return end == std::string_view::npos ? text.size() : end;
  }
  if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
    size_t end = text.find("*/", i + 2);
    return end == std::string_view::npos ? text.size() : end + 2;
  }
  char close = ClosingQuote(c);
  if (close == 0) return i;
  for (size_t j = i + 1; j < text.size(); ++j) {
    if (text[j] != close) continue;
    if (close != ']' && j + 1 < text.size() && text[j + 1] == close) {
      ++j;  // a doubled quote
      continue;
    }
    return j + 1;
  }
  return text.size();
}

}  // namespace

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string CollapseSpace(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t skipped = SkipQuotedOrComment(text, i);
    if (skipped != i) {
      bool comment = text[i] == '-' || text[i] == '/';
      if (!comment) out.append(text.substr(i, skipped - i));
      i = skipped;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(text[i]))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
      ++i;
      continue;
    }
    out += text[i++];
  }
  return std::string(Trim(out));
}

std::vector<std::string> SplitTopLevel(std::string_view text, char separator) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t skipped = SkipQuotedOrComment(text, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    char c = text[i];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == separator && depth == 0) {
      parts.emplace_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
    ++i;
  }
  std::string_view last = Trim(text.substr(start));
  if (!last.empty()) parts.emplace_back(last);
  return parts;
}

std::string_view ParenthesizedBody(std::string_view text, size_t* close) {
  int depth = 0;
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < text.size();) {
    size_t skipped = SkipQuotedOrComment(text, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    if (text[i] == '(') {
      if (depth++ == 0) open = i;
    } else if (text[i] == ')' && depth > 0 && --depth == 0) {
      if (close != nullptr) *close = i;
      return text.substr(open + 1, i - open - 1);
    }
    ++i;
  }
  if (close != nullptr) *close = std::string_view::npos;
  return {};
}

bool MentionsIdentifier(std::string_view text, std::string_view name) {
  std::string wanted = Lower(name);
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\'' || (c == '-' && i + 1 < text.size() && text[i + 1] == '-') ||
        (c == '/' && i + 1 < text.size() && text[i + 1] == '*')) {
      i = SkipQuotedOrComment(text, i);  // strings and comments name nothing
      continue;
    }
    if (ClosingQuote(c) != 0) {
      size_t end = SkipQuotedOrComment(text, i);
      if (Lower(text.substr(i + 1, end - i - 2)) == wanted) return true;
      i = end;
      continue;
    }
    if (IsWordChar(c)) {
      size_t end = i;
      while (end < text.size() && IsWordChar(text[end])) ++end;
      if (Lower(text.substr(i, end - i)) == wanted) return true;
      i = end;
      continue;
    }
    ++i;
  }
  return false;
}

std::string FirstIdentifier(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return "";
  char close = ClosingQuote(text[0]);
  if (close != 0 && text[0] != '\'') {
    size_t end = SkipQuotedOrComment(text, 0);
    std::string name;
    for (size_t i = 1; i + 1 < end; ++i) {
      name += text[i];
      if (text[i] == close && close != ']') ++i;  // a doubled quote is one
    }
    return name;
  }
  size_t end = 0;
  while (end < text.size() && IsWordChar(text[end])) ++end;
  return std::string(text.substr(0, end));
}

std::string_view AfterFirstIdentifier(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return text;
  size_t end = 0;
  if (ClosingQuote(text[0]) != 0 && text[0] != '\'') {
    end = SkipQuotedOrComment(text, 0);
  } else {
    while (end < text.size() && IsWordChar(text[end])) ++end;
  }
  return Trim(text.substr(end));
}

}  // namespace rev::engine::schema
