#include "engine/backends/script_location.h"

#include <cctype>

namespace rev::engine::backends {

SourceLocation LocateInScript(std::string_view sql, size_t byte_offset,
                              const ScriptSource& source) {
  int line = source.first_line;
  int column = 1;
  for (size_t i = 0; i < byte_offset && i < sql.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(sql[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if (c != '\r' && (c & 0xC0) != 0x80) {
      ++column;  // a character's first byte; continuation bytes add nothing
    }
  }
  return SourceLocation{source.path, line, column};
}

size_t SkipBlankSql(std::string_view sql, size_t from) {
  size_t i = from;
  while (i < sql.size()) {
    if (std::isspace(static_cast<unsigned char>(sql[i]))) {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace rev::engine::backends
