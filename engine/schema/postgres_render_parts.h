// The PostgreSQL renderer's parts: tables and columns (postgres_render.cpp), every other
// object (postgres_render_objects.cpp). Some changes' SQL depends on others in the same
// list (an object dropped and made again is altered in place where PostgreSQL can; a
// sequence's OWNED BY waits for its column), so each part sees the whole list.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "engine/schema/change.h"

namespace rev::engine::schema::pg {

class ChangeList {
 public:
  explicit ChangeList(const Changes& changes);

  // For an object the list drops and makes again under the same kind and name: the object
  // as it was (Before) and as it will be (After); nullptr when the list does not both drop
  // and make it.
  const Object* Before(const Object& object) const;
  const Object* After(const Object& object) const;
  // Whether the column owning `sequence` is made by the list (a new table, an added
  // column): its OWNED BY then waits for that change (OwnershipsWaitingFor).
  bool OwnershipWaits(const Object& sequence) const;
  // The OWNED BY statements of sequences the list creates or alters, owned by a column
  // that `change` (create_table or add_column) makes: they wait for it.
  std::string OwnershipsWaitingFor(const Change& change) const;
  // The statements dropping the foreign keys of tables dropped after `change` (a
  // drop_table) that reference its table: two dropped tables referencing each other.
  std::string ForeignKeysBlockingDrop(const Change& change) const;

  const Changes& changes() const { return changes_; }

 private:
  const Changes& changes_;
  // (kind, name) of every object dropped → the object as it was; of every one made → it.
  std::map<std::pair<ObjectKind, std::string>, const Object*> dropped_;
  std::map<std::pair<ObjectKind, std::string>, const Object*> created_;
};

// create_object, drop_object, add_enum_value and rebuild_enum.
std::string RenderObjectChange(const Change& change, const ChangeList& list);

// A column as CREATE TABLE and ADD COLUMN write it: name, type, COLLATE, DEFAULT or
// GENERATED, NOT NULL.
std::string ColumnDefinition(const Column& column);

// "ALTER TABLE "schema"."name" ".
std::string AlterTable(const std::string& table);

// A sequence's OWNED BY statement from its definition ("" when it has none), and whether
// that statement names `table`.`column`.
std::string SequenceOwnership(const Object& sequence);
bool OwnedBy(const Object& sequence, const std::string& table, const std::string& column);

}  // namespace rev::engine::schema::pg
