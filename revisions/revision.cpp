#include "revisions/revision.h"

namespace rev::revisions {

Revision::Revision(Fields fields) : f_(std::move(fields)) {
  if (f_.sections_loaded) {
    f_.upgrade_blank = IsBlankSql(f_.upgrade_sql);
    f_.downgrade_blank = !f_.downgrade_sql || IsBlankSql(*f_.downgrade_sql);
  }
}

bool Revision::has_downgrade() const { return f_.downgrade_sql.has_value() && !f_.downgrade_blank; }

bool IsBlankSql(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      i = sql.find('\n', i);
      if (i == std::string_view::npos) return true;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return false;  // an unterminated comment is not blank
      i = end + 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace rev::revisions
