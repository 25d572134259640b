#include <algorithm>

#include "engine/schema/diff.h"
#include "revisions/join.h"

namespace rev::engine::schema {

std::vector<std::string> LikelyRenames(const Changes& changes) {
  std::vector<std::string> hints;
  for (const Change& drop : changes) {
    if (drop.kind == ChangeKind::kDropColumn) {
      std::vector<std::string> candidates;
      for (const Change& add : changes) {
        if (add.kind == ChangeKind::kAddColumn && add.table == drop.table &&
            add.column_after->type == drop.column_before->type) {
          candidates.push_back(add.name);
        }
      }
      if (candidates.empty()) continue;
      hints.push_back("column " + drop.table + "." + drop.name + " is dropped and " +
                      revisions::JoinAlternatives(candidates) +
                      " added with the same type: if one is a rename, write `-- rev:renamed-from " +
                      drop.name + "` at the end of its line in the schema file");
    }
    if (drop.kind == ChangeKind::kDropTable) {
      for (const Change& add : changes) {
        if (add.kind != ChangeKind::kCreateTable) continue;
        const Table& dropped = *drop.table_after;
        const Table& created = *add.table_after;
        if (dropped.columns.size() != created.columns.size()) continue;
        bool same =
            std::all_of(created.columns.begin(), created.columns.end(), [&](const Column& column) {
              const Column* old = dropped.FindColumn(column.name);
              return old != nullptr && old->type == column.type;
            });
        if (!same) continue;
        hints.push_back("table " + dropped.name + " is dropped and " + created.name +
                        " created with the same columns: if it is a rename, write "
                        "`-- rev:renamed-from " +
                        dropped.name + "` at the end of its CREATE TABLE line in the schema file");
      }
    }
  }
  return hints;
}

}  // namespace rev::engine::schema
