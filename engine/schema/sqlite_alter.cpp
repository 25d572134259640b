#include "engine/schema/sqlite_alter.h"

#include "engine/schema/sql_text.h"

namespace rev::engine::schema {

bool SqliteCanAddColumn(const Column& column) {
  std::string definition = Lower(column.definition);
  for (const char* refused : {"primary key", "unique", "stored"}) {
    if (definition.find(refused) != std::string::npos) return false;
  }
  if (column.not_null && !column.default_value) return false;
  if (column.default_value) {
    std::string value = Lower(*column.default_value);
    if (!value.empty() && value.front() == '(') return false;
    if (value.rfind("current_", 0) == 0) return false;
  }
  return true;
}

bool SqliteCanDropColumn(const Schema& schema, const Table& table, const std::string& column) {
  for (const Object& object : schema.objects) {
    if (object.kind == ObjectKind::kIndex && object.table == table.name &&
        MentionsIdentifier(object.definition, column)) {
      return false;
    }
  }
  for (const Constraint& constraint : table.constraints) {
    if (MentionsIdentifier(constraint.definition, column)) return false;
  }
  for (const Column& other : table.columns) {
    if (other.name == column) {
      std::string definition = Lower(other.definition);
      for (const char* refused : {"primary key", "unique", "references", "check"}) {
        if (definition.find(refused) != std::string::npos) return false;
      }
    } else if (!other.definition.empty() && MentionsIdentifier(other.definition, column)) {
      return false;  // a generated column or a CHECK naming it
    }
  }
  return true;
}

}  // namespace rev::engine::schema
