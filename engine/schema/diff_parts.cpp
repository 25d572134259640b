#include "engine/schema/diff_parts.h"

#include <algorithm>
#include <functional>
#include <map>

namespace rev::engine::schema {
namespace {

// Whether a column's type (as PostgreSQL's format_type writes it: unqualified when the
// search path finds it, quoted when it must be, "[]" for an array) is the type `qualified`.
bool HoldsType(std::string column_type, const std::string& qualified) {
  while (column_type.size() > 2 && column_type.compare(column_type.size() - 2, 2, "[]") == 0) {
    column_type.resize(column_type.size() - 2);
  }
  column_type.erase(std::remove(column_type.begin(), column_type.end(), '"'), column_type.end());
  return column_type == qualified ||
         (qualified.rfind("public.", 0) == 0 && column_type == qualified.substr(7));
}

const std::string* FindHint(const DiffOptions& options, const std::string& table,
                            const std::string& column) {
  for (const RenameHint& hint : options.renames) {
    if (hint.table == table && hint.column == column) return &hint.old_name;
  }
  return nullptr;
}

}  // namespace

void OrderByDependencies(Changes& changes, bool drops) {
  if (drops) std::reverse(changes.begin(), changes.end());
  std::map<std::string, std::vector<size_t>> by_name;
  for (size_t i = 0; i < changes.size(); ++i) by_name[changes[i].object->name].push_back(i);
  std::vector<int> state(changes.size(), 0);  // 0 new, 1 being placed, 2 placed
  Changes ordered;
  std::function<void(size_t)> place = [&](size_t i) {
    if (state[i] != 0) return;
    state[i] = 1;
    const Object& object = *changes[i].object;
    std::vector<std::string> reads = object.depends_on;
    if (!object.table.empty()) reads.push_back(object.table);
    for (const std::string& name : reads) {
      auto found = by_name.find(name);
      if (found == by_name.end()) continue;
      for (size_t j : found->second) place(j);
    }
    state[i] = 2;
    ordered.push_back(std::move(changes[i]));
  };
  for (size_t i = 0; i < changes.size(); ++i) place(i);
  changes = std::move(ordered);
  if (drops) std::reverse(changes.begin(), changes.end());
}

std::vector<std::pair<std::string, Column>> ColumnsHoldingType(const Schema& from, const Schema& to,
                                                               const std::string& type,
                                                               const DiffOptions& options) {
  std::vector<std::pair<std::string, Column>> holding;
  for (const Table& table : to.tables) {
    const Table* before = from.FindTable(table.name);
    const std::string* table_hint = FindHint(options, table.name, "");
    if (before == nullptr && table_hint != nullptr) before = from.FindTable(*table_hint);
    if (before == nullptr) continue;
    for (const Column& column : table.columns) {
      if (!HoldsType(column.type, type)) continue;
      const Column* old = before->FindColumn(column.name);
      const std::string* hint = FindHint(options, table.name, column.name);
      if (old == nullptr && hint != nullptr) old = before->FindColumn(*hint);
      if (old != nullptr && HoldsType(old->type, type)) holding.emplace_back(table.name, column);
    }
  }
  return holding;
}

}  // namespace rev::engine::schema
