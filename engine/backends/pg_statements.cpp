#include "engine/backends/pg_statements.h"

#include "engine/backends/script_location.h"

namespace rev::engine::backends {
namespace {

bool IsIdentifierStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || u >= 0x80;
}

bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$'; }

// The end of a quoted run that started at `open` (the quote itself) and ends at the next
// `quote` not doubled; with `backslashes`, a backslash escapes the next byte.
size_t EndOfQuoted(std::string_view sql, size_t open, char quote, bool backslashes) {
  for (size_t i = open + 1; i < sql.size(); ++i) {
    if (backslashes && sql[i] == '\\') {
      ++i;
    } else if (sql[i] == quote) {
      if (i + 1 < sql.size() && sql[i + 1] == quote) {
        ++i;  // '' or "" stands for one quote
      } else {
        return i + 1;
      }
    }
  }
  return sql.size();
}

// The length of a dollar-quote delimiter ($$ or $tag$) at `at`, or 0 when none starts there.
size_t DollarTagLength(std::string_view sql, size_t at) {
  size_t i = at + 1;
  if (i < sql.size() && sql[i] != '$' && !IsIdentifierStart(sql[i])) return 0;  // $1, $ alone
  while (i < sql.size() && sql[i] != '$') {
    if (!IsIdentifierPart(sql[i]) || sql[i] == '$') return 0;
    ++i;
  }
  return i < sql.size() ? i + 1 - at : 0;
}

size_t EndOfBlockComment(std::string_view sql, size_t open) {
  int depth = 0;
  for (size_t i = open; i + 1 < sql.size(); ++i) {
    if (sql[i] == '/' && sql[i + 1] == '*') {
      ++depth;
      ++i;
    } else if (sql[i] == '*' && sql[i + 1] == '/') {
      ++i;
      if (--depth == 0) return i + 1;
    }
  }
  return sql.size();
}

// Where the token starting at `i` ends, for a token that can hold a `;` (a literal, a
// quoted identifier, a comment); i + 1 for any other byte.
size_t SkipToken(std::string_view sql, size_t i) {
  char c = sql[i];
  bool after_identifier = i > 0 && IsIdentifierPart(sql[i - 1]);
  if (c == '\'') {
    // E'...' (or e'...') takes backslash escapes; the E must stand alone, not end a word.
    bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                   !(i > 1 && IsIdentifierPart(sql[i - 2]));
    return EndOfQuoted(sql, i, '\'', escapes);
  }
  if (c == '"') return EndOfQuoted(sql, i, '"', false);
  if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
    size_t newline = sql.find('\n', i);
    return newline == std::string_view::npos ? sql.size() : newline + 1;
  }
  if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') return EndOfBlockComment(sql, i);
  if (c == '$' && !after_identifier) {
    size_t length = DollarTagLength(sql, i);
    if (length > 0) {
      size_t close = sql.find(sql.substr(i, length), i + length);
      return close == std::string_view::npos ? sql.size() : close + length;
    }
  }
  return i + 1;
}

}  // namespace

std::vector<StatementRange> SplitPostgresStatements(std::string_view sql) {
  std::vector<StatementRange> statements;
  size_t start = 0;
  auto finish = [&](size_t end) {
    size_t begin = SkipBlankSql(sql, start);
    if (begin < end && sql[begin] != ';') statements.push_back({begin, end});  // not `;` alone
    start = end;
  };
  for (size_t i = 0; i < sql.size();) {
    if (sql[i] == ';') {
      finish(i + 1);
      ++i;
    } else {
      i = SkipToken(sql, i);
    }
  }
  finish(sql.size());
  return statements;
}

}  // namespace rev::engine::backends
