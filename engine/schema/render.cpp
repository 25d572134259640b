#include "engine/schema/render.h"

namespace rev::engine::schema {

std::vector<std::string> RenderChanges(const Changes& changes, backends::DatabaseKind kind) {
  return kind == backends::DatabaseKind::kPostgres ? RenderPostgres(changes)
                                                   : RenderSqlite(changes);
}

std::string RenderScript(const Changes& changes, const std::vector<std::string>& sql) {
  std::string script;
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& change = changes[i];
    if (change.in_rebuild) continue;  // listed with its rebuild
    if (!script.empty()) script += "\n";
    script += "-- " + change.KindName() + " " + change.ObjectName();
    if (!change.note.empty()) script += " (" + change.note + ")";
    script += "\n";
    if (change.kind == ChangeKind::kRebuildTable) {
      for (const Change& part : changes) {
        if (part.in_rebuild && part.table == change.table) {
          script += "--   " + part.KindName() + " " + part.ObjectName() + "\n";
        }
      }
    }
    if (change.destructive) script += "-- destructive: " + change.why_destructive + "\n";
    script += sql[i];
    if (!sql[i].empty() && sql[i].back() != '\n') script += "\n";
  }
  return script;
}

}  // namespace rev::engine::schema
