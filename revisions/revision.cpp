#include "revisions/revision.h"

namespace rev::revisions {

bool Revision::has_downgrade() const {
  return f_.downgrade_sql.has_value() && !IsBlankSql(*f_.downgrade_sql);
}

bool IsBlankSql(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      i = sql.find('\n', i);
      if (i == std::string::npos) return true;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string::npos) return false;  // an unterminated comment is not blank
      i = end + 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace rev::revisions
