#include "revisions/revision.h"

namespace rev::revisions {

Revision::Revision(Fields fields) : f_(std::move(fields)) {
  if (f_.sections_loaded) {
    f_.upgrade_content = ClassifySection(f_.upgrade_sql);
    f_.downgrade_blank =
        !f_.downgrade_sql || ClassifySection(*f_.downgrade_sql) != SectionContent::kSql;
  }
  // A program is something to run, like SQL: never a no-op, and something a downgrade undoes.
  if (f_.upgrade_run) f_.upgrade_content = SectionContent::kSql;
  if (f_.downgrade_run) f_.downgrade_blank = false;
}

Revision Revision::WithChecksum(Checksum checksum) const {
  Fields fields = f_;
  fields.checksum = std::move(checksum);
  return Revision(std::move(fields));
}

Revision Revision::WithReferences(std::vector<RevisionId> down_revisions,
                                  std::vector<RevisionRef> depends_on) const {
  Fields fields = f_;
  fields.down_revisions = std::move(down_revisions);
  fields.depends_on = std::move(depends_on);
  return Revision(std::move(fields));
}

bool Revision::has_downgrade() const { return f_.downgrade_sql.has_value() && !f_.downgrade_blank; }

SectionContent ClassifySection(std::string_view sql) {
  SectionContent found = SectionContent::kEmpty;
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (sql.compare(i, 2, "--") == 0) {
      found = SectionContent::kCommentsOnly;
      i = sql.find('\n', i);
      if (i == std::string_view::npos) break;
    } else if (sql.compare(i, 2, "/*") == 0) {
      size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return SectionContent::kSql;
      found = SectionContent::kCommentsOnly;
      i = end + 2;
    } else {
      return SectionContent::kSql;
    }
  }
  return found;
}

}  // namespace rev::revisions
