#include "engine/schema/change.h"

#include <algorithm>

namespace rev::engine::schema {

std::string Change::KindName() const {
  switch (kind) {
    case ChangeKind::kCreateTable:
      return "create_table";
    case ChangeKind::kDropTable:
      return "drop_table";
    case ChangeKind::kRenameTable:
      return "rename_table";
    case ChangeKind::kAddColumn:
      return "add_column";
    case ChangeKind::kDropColumn:
      return "drop_column";
    case ChangeKind::kRenameColumn:
      return "rename_column";
    case ChangeKind::kAlterColumn:
      return "alter_column";
    case ChangeKind::kAddConstraint:
      return "add_constraint";
    case ChangeKind::kDropConstraint:
      return "drop_constraint";
    case ChangeKind::kTableOptions:
      return "alter_table_options";
    case ChangeKind::kRebuildTable:
      return "rebuild_table";
    case ChangeKind::kCreateObject:
      return std::string("create_") + ObjectKindName(object->kind);
    case ChangeKind::kDropObject:
      return std::string("drop_") + ObjectKindName(object->kind);
    case ChangeKind::kAddEnumValue:
      return "add_enum_value";
    case ChangeKind::kRebuildEnum:
      return "rebuild_enum";
    case ChangeKind::kUpdateData:
      return "update_data";
  }
  return "change";
}

std::string Change::ObjectName() const {
  switch (kind) {
    case ChangeKind::kRenameColumn:
      return table + "." + old_name + " -> " + name;
    case ChangeKind::kRenameTable:
      return old_name + " -> " + table;
    case ChangeKind::kAddColumn:
    case ChangeKind::kDropColumn:
    case ChangeKind::kAlterColumn:
    case ChangeKind::kAddConstraint:
    case ChangeKind::kDropConstraint:
      return table + "." + name;
    case ChangeKind::kCreateObject:
    case ChangeKind::kDropObject:
    case ChangeKind::kRebuildEnum:
      return object->name;
    case ChangeKind::kAddEnumValue:
      return object->name + " '" + name + "'";
    default:
      return table;
  }
}

bool AnyDestructive(const Changes& changes) {
  return std::any_of(changes.begin(), changes.end(),
                     [](const Change& change) { return change.destructive; });
}

}  // namespace rev::engine::schema
