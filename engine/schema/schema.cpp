#include "engine/schema/schema.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace rev::engine::schema {

bool Column::operator==(const Column& other) const {
  return std::tie(name, type, not_null, default_value, collation, generated, generated_stored,
                  identity, definition) ==
         std::tie(other.name, other.type, other.not_null, other.default_value, other.collation,
                  other.generated, other.generated_stored, other.identity, other.definition);
}

bool Constraint::operator==(const Constraint& other) const {
  return kind == other.kind && name == other.name && definition == other.definition;
}

const char* ConstraintKindName(Constraint::Kind kind) {
  switch (kind) {
    case Constraint::Kind::kPrimaryKey:
      return "primary_key";
    case Constraint::Kind::kUnique:
      return "unique";
    case Constraint::Kind::kCheck:
      return "check";
    case Constraint::Kind::kForeignKey:
      return "foreign_key";
    case Constraint::Kind::kExclude:
      return "exclude";
  }
  return "constraint";
}

const char* ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kSchema:
      return "schema";
    case ObjectKind::kExtension:
      return "extension";
    case ObjectKind::kEnum:
      return "enum";
    case ObjectKind::kDomain:
      return "domain";
    case ObjectKind::kSequence:
      return "sequence";
    case ObjectKind::kFunction:
      return "function";
    case ObjectKind::kIndex:
      return "index";
    case ObjectKind::kView:
      return "view";
    case ObjectKind::kMaterializedView:
      return "materialized_view";
    case ObjectKind::kTrigger:
      return "trigger";
    case ObjectKind::kComment:
      return "comment";
  }
  return "object";
}

const Column* Table::FindColumn(const std::string& column) const {
  for (const Column& candidate : columns) {
    if (candidate.name == column) return &candidate;
  }
  return nullptr;
}

const Table* Schema::FindTable(const std::string& name) const {
  auto it =
      std::lower_bound(tables.begin(), tables.end(), name,
                       [](const Table& table, const std::string& key) { return table.name < key; });
  return it != tables.end() && it->name == name ? &*it : nullptr;
}

const Object* Schema::FindObject(ObjectKind wanted_kind, const std::string& name) const {
  auto it = std::lower_bound(objects.begin(), objects.end(), wanted_kind,
                             [&name](const Object& object, ObjectKind key) {
                               return std::tie(object.kind, object.name) < std::tie(key, name);
                             });
  return it != objects.end() && it->kind == wanted_kind && it->name == name ? &*it : nullptr;
}

std::vector<const Table*> InReferenceOrder(std::vector<const Table*> tables) {
  std::map<std::string, const Table*> by_name;
  for (const Table* table : tables) by_name[table->name] = table;
  std::vector<const Table*> ordered;
  std::set<std::string> placed, visiting;
  std::function<void(const Table*)> place = [&](const Table* table) {
    if (placed.count(table->name) != 0 || !visiting.insert(table->name).second) return;
    for (const Constraint& constraint : table->constraints) {
      auto it = by_name.find(constraint.references);
      if (it != by_name.end() && it->second != table) place(it->second);
    }
    placed.insert(table->name);
    ordered.push_back(table);
  };
  for (const Table* table : tables) place(table);
  return ordered;
}

void Schema::Normalize() {
  std::sort(tables.begin(), tables.end(),
            [](const Table& a, const Table& b) { return a.name < b.name; });
  for (Table& table : tables) {
    std::sort(table.constraints.begin(), table.constraints.end(),
              [](const Constraint& a, const Constraint& b) {
                return std::tie(a.kind, a.name, a.definition) <
                       std::tie(b.kind, b.name, b.definition);
              });
  }
  std::sort(objects.begin(), objects.end(), [](const Object& a, const Object& b) {
    return std::tie(a.kind, a.name) < std::tie(b.kind, b.name);
  });
  std::sort(not_compared.begin(), not_compared.end());
}

}  // namespace rev::engine::schema
