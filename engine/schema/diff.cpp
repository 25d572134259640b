#include "engine/schema/diff.h"

#include <algorithm>
#include <tuple>

#include "engine/schema/diff_parts.h"
#include "engine/schema/diff_phases.h"

namespace rev::engine::schema {
namespace {

bool IsForeignKey(const Change& change) {
  return change.constraint && change.constraint->kind == Constraint::Kind::kForeignKey;
}

// The order within the buckets.
void Order(Buckets* out) {
  // Types in kind order (schemas before the enums in them); types dropped the other way;
  // dependents in the order the catalog made them (a view after the views it reads).
  auto by_kind_then_order = [](const Change& a, const Change& b) {
    return std::make_tuple(a.object->kind, a.object->order) <
           std::make_tuple(b.object->kind, b.object->order);
  };
  std::stable_sort(out->create_types.begin(), out->create_types.end(), by_kind_then_order);
  std::stable_sort(out->drop_types.begin(), out->drop_types.end(),
                   [&](const Change& a, const Change& b) { return by_kind_then_order(b, a); });
  std::stable_sort(out->create_dependents.begin(), out->create_dependents.end(),
                   by_kind_then_order);
  std::stable_sort(out->drop_dependents.begin(), out->drop_dependents.end(),
                   [&](const Change& a, const Change& b) { return by_kind_then_order(b, a); });
  // Then each after what it reads, whatever its kind (an index on a materialized view, a
  // view reading one, a function returning a view's rows).
  OrderByDependencies(out->create_dependents, false);
  OrderByDependencies(out->drop_dependents, true);
  // Foreign keys are dropped before the keys they reference and added after them, across
  // tables too.
  std::stable_sort(
      out->drop_constraints.begin(), out->drop_constraints.end(),
      [](const Change& a, const Change& b) { return IsForeignKey(a) && !IsForeignKey(b); });
  std::stable_sort(
      out->add_constraints.begin(), out->add_constraints.end(),
      [](const Change& a, const Change& b) { return !IsForeignKey(a) && IsForeignKey(b); });
}

}  // namespace

Changes Diff(const Schema& from, const Schema& to, const DiffOptions& options) {
  Buckets out;
  TableOutcome tables = DiffTables(from, to, options, &out);
  DiffObjects(from, to, options, tables, &out);
  Order(&out);
  return std::move(out).Joined();
}

}  // namespace rev::engine::schema
