// The phases of Diff (diff.h), each in a file of its own: the tables (diff_tables.cpp),
// the other objects (diff_objects.cpp), and the order the changes run in (diff.cpp).
// Internal to engine/schema. Pure.
#pragma once

#include <set>
#include <string>

#include "engine/schema/change.h"
#include "engine/schema/diff.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

// Where each change lands; the buckets run in this order.
struct Buckets {
  Changes drop_dependents;  // views, triggers, indexes, comments: dropped or made again
  Changes drop_constraints;
  Changes renames;
  Changes create_types;  // schemas, extensions, enums, domains, sequences, functions
  Changes create_tables;
  Changes alter_tables;  // columns, options, rebuilds
  Changes add_constraints;
  Changes drop_tables;
  Changes drop_types;
  Changes create_dependents;

  Changes Joined() && {
    Changes all;
    for (Changes* part :
         {&drop_dependents, &drop_constraints, &renames, &create_types, &create_tables,
          &alter_tables, &add_constraints, &drop_tables, &drop_types, &create_dependents}) {
      all.insert(all.end(), std::make_move_iterator(part->begin()),
                 std::make_move_iterator(part->end()));
    }
    return all;
  }
};

// What the tables' phase tells the objects' phase.
struct TableOutcome {
  std::set<std::string> touched;         // tables whose readers must be made again
  std::set<std::string> rebuilt;         // SQLite tables rebuilt
  std::set<std::string> dropped_tables;  // their indexes, triggers and comments go with them
};

// Tables matched by name or rename hint: created, dropped, renamed, their columns,
// constraints and options changed, or (SQLite) rebuilt.
TableOutcome DiffTables(const Schema& from, const Schema& to, const DiffOptions& options,
                        Buckets* out);

// Every other object matched by kind and name; readers of what changed made again around
// it.
void DiffObjects(const Schema& from, const Schema& to, const DiffOptions& options,
                 const TableOutcome& tables, Buckets* out);

// A change of `kind` to `table`'s `name`, and a change of `kind` to `object`.
Change TableChange(ChangeKind kind, const std::string& table, const std::string& name);
Change ObjectChange(ChangeKind kind, const Object& object);

// A constraint as a change names it: its name, or its definition when it has none.
std::string ConstraintLabel(const Constraint& constraint);

}  // namespace rev::engine::schema
