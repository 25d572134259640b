#include <algorithm>
#include <map>

#include "engine/schema/diff_parts.h"
#include "engine/schema/diff_phases.h"

namespace rev::engine::schema {
namespace {

// Kinds made before the tables (a column may use them) and dropped after them.
bool IsTypeLike(ObjectKind kind) {
  return kind == ObjectKind::kSchema || kind == ObjectKind::kExtension ||
         kind == ObjectKind::kEnum || kind == ObjectKind::kDomain ||
         kind == ObjectKind::kSequence || kind == ObjectKind::kFunction;
}

// Views, materialized views, triggers and comments: made again when what they read (a
// comment: the object it is on) changes.
bool ReadsOthers(ObjectKind kind) {
  return kind == ObjectKind::kView || kind == ObjectKind::kMaterializedView ||
         kind == ObjectKind::kTrigger || kind == ObjectKind::kComment;
}

// Whether a type-like object is made before the tables: not when it reads a table or view
// (a PostgreSQL function taking or returning its row type), which must exist first.
bool MadeBeforeTables(const Object& object, const Schema& schema) {
  if (!IsTypeLike(object.kind)) return false;
  return std::none_of(object.depends_on.begin(), object.depends_on.end(),
                      [&](const std::string& name) {
                        return schema.FindTable(name) != nullptr ||
                               schema.FindObject(ObjectKind::kView, name) != nullptr ||
                               schema.FindObject(ObjectKind::kMaterializedView, name) != nullptr;
                      });
}

}  // namespace

Change ObjectChange(ChangeKind kind, const Object& object) {
  Change change;
  change.kind = kind;
  change.table = object.table;
  change.name = object.name;
  change.object = object;
  return change;
}

void DiffObjects(const Schema& from, const Schema& to, const DiffOptions& options,
                 const TableOutcome& tables, Buckets* out) {
  const bool sqlite = to.kind == backends::DatabaseKind::kSqlite;
  std::set<std::pair<ObjectKind, std::string>> replaced;
  std::map<std::string, std::vector<std::pair<std::string, Column>>> converted;  // by enum
  std::vector<const Object*> to_create;
  std::vector<const Object*> to_drop;
  for (const Object& object : to.objects) {
    const Object* before = from.FindObject(object.kind, object.name);
    if (before == nullptr) {
      to_create.push_back(&object);
      continue;
    }
    if (before->definition == object.definition) continue;
    if (object.kind == ObjectKind::kEnum) {
      // Values only added (the old ones keep their order): ADD VALUE. Else a rebuild.
      std::vector<std::string> kept;
      for (const std::string& value : object.values) {
        if (std::find(before->values.begin(), before->values.end(), value) !=
            before->values.end()) {
          kept.push_back(value);
        }
      }
      if (kept == before->values) {
        for (const std::string& value : object.values) {
          if (std::find(kept.begin(), kept.end(), value) != kept.end()) continue;
          Change add = ObjectChange(ChangeKind::kAddEnumValue, object);
          add.name = value;
          out->create_types.push_back(std::move(add));
        }
        continue;
      }
    }
    if (object.kind == ObjectKind::kEnum) {
      converted[object.name] = ColumnsHoldingType(from, to, object.name, options);
    }
    replaced.insert({object.kind, object.name});
    to_drop.push_back(before);
    to_create.push_back(&object);
  }
  for (const Object& object : from.objects) {
    if (to.FindObject(object.kind, object.name) == nullptr) to_drop.push_back(&object);
  }
  // Readers of a touched table or of a replaced object are made again around the change,
  // and so, in turn, are their own readers. On SQLite a rebuilt table's indexes and
  // triggers go with it.
  std::set<std::string> touched_names = tables.touched;
  for (const auto& [kind, name] : replaced) touched_names.insert(name);
  for (const auto& [type, columns] : converted) {
    for (const auto& [table, column] : columns) touched_names.insert(table);  // ALTER ... TYPE
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const Object& object : from.objects) {
      if (replaced.count({object.kind, object.name}) != 0) continue;
      const Object* after = to.FindObject(object.kind, object.name);
      if (after == nullptr) continue;
      bool reads_touched =
          ReadsOthers(object.kind) &&
          std::any_of(object.depends_on.begin(), object.depends_on.end(),
                      [&](const std::string& name) { return touched_names.count(name) != 0; });
      bool goes_with_rebuild = sqlite && tables.rebuilt.count(object.table) != 0;
      // An index on a materialized view made again goes with it (as a trigger on it does).
      bool goes_with_view = replaced.count({ObjectKind::kView, object.table}) != 0 ||
                            replaced.count({ObjectKind::kMaterializedView, object.table}) != 0;
      if (!reads_touched && !goes_with_rebuild && !goes_with_view) continue;
      replaced.insert({object.kind, object.name});
      touched_names.insert(object.name);
      Change drop = ObjectChange(ChangeKind::kDropObject, object);
      Change create = ObjectChange(ChangeKind::kCreateObject, *after);
      std::string around = object.table.empty() ? *object.depends_on.begin() : object.table;
      for (const std::string& name : object.depends_on) {
        if (touched_names.count(name) != 0) around = name;
      }
      drop.note = create.note = "made again around the change to " + around;
      out->drop_dependents.push_back(std::move(drop));
      to_create.push_back(after);
      grew = true;
    }
  }
  for (const Object* object : to_drop) {
    // An index or trigger goes with its dropped table, a comment with its object.
    if (!object->table.empty() && tables.dropped_tables.count(object->table) != 0) continue;
    bool is_replaced = replaced.count({object->kind, object->name}) != 0;
    if (object->kind == ObjectKind::kEnum && is_replaced) continue;  // rebuilt in place
    Change change = ObjectChange(ChangeKind::kDropObject, *object);
    // A type-like object made again is dropped before it is made, with the dependents.
    bool with_types = MadeBeforeTables(*object, from) && !is_replaced;
    (with_types ? out->drop_types : out->drop_dependents).push_back(std::move(change));
  }
  for (const Object* object : to_create) {
    Change change = ObjectChange(ChangeKind::kCreateObject, *object);
    if (object->kind == ObjectKind::kEnum && from.FindObject(object->kind, object->name)) {
      change.kind = ChangeKind::kRebuildEnum;
      change.destructive = true;
      change.why_destructive = "removes or reorders values of enum " + object->name +
                               ": rows holding a removed value make it fail";
      change.converted_columns = converted[object->name];
    }
    for (const Change& drop : out->drop_dependents) {
      if (drop.object->kind == object->kind && drop.object->name == object->name) {
        change.note = drop.note;
      }
    }
    (MadeBeforeTables(*object, to) ? out->create_types : out->create_dependents)
        .push_back(std::move(change));
  }
}

}  // namespace rev::engine::schema
