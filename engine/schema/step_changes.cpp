#include "engine/schema/step_changes.h"

#include <algorithm>

#include "engine/planner.h"
#include "engine/schema/diff.h"
#include "engine/schema/sample_rows.h"
#include "engine/schema/source.h"

namespace rev::engine::schema {
namespace {

using backends::Backend;
using backends::QueryRow;

// Brings an empty scratch database to `heads`, one head's ancestry after another.
Status ReplayToHeads(Backend& backend, const RevisionGraph& graph, const RevisionIds& heads) {
  RevisionIds current;
  for (const RevisionId& head : heads) {
    REV_ASSIGN_OR_RETURN(Plan plan,
                         PlanUpgrade(graph, current, NamedTarget{head.str(), std::nullopt}));
    REV_RETURN_IF_ERROR(RunPlanOnScratch(backend, graph, plan));
    current = plan.end_heads;
  }
  return Status::Ok();
}

// The values of one column of a snapshot's table, sorted; empty when it has none.
std::vector<std::optional<std::string>> ColumnValues(const RowSnapshot& snapshot,
                                                     const std::string& table,
                                                     const std::string& column) {
  std::vector<std::optional<std::string>> values;
  auto it = snapshot.tables.find(table);
  if (it == snapshot.tables.end()) return values;
  auto at = std::find(it->second.columns.begin(), it->second.columns.end(), column);
  if (at == it->second.columns.end()) return values;
  size_t index = static_cast<size_t>(at - it->second.columns.begin());
  for (const QueryRow& row : it->second.rows) values.push_back(row[index]);
  std::sort(values.begin(), values.end());
  return values;
}

// A dropped and an added column of one table holding the same values are a rename.
void FindRenamedColumns(const RowSnapshot& before, const RowSnapshot& after, Changes* changes) {
  for (auto drop = changes->begin(); drop != changes->end(); ++drop) {
    if (drop->kind != ChangeKind::kDropColumn) continue;
    auto values = ColumnValues(before, drop->table, drop->name);
    if (values.empty() ||
        std::all_of(values.begin(), values.end(), [](const auto& v) { return !v; })) {
      continue;
    }
    auto add = std::find_if(changes->begin(), changes->end(), [&](const Change& change) {
      return change.kind == ChangeKind::kAddColumn && change.table == drop->table &&
             ColumnValues(after, change.table, change.name) == values;
    });
    if (add == changes->end()) continue;
    add->kind = ChangeKind::kRenameColumn;
    add->old_name = drop->name;
    add->destructive = false;
    std::string table = drop->table;
    changes->erase(drop);
    // A rebuild is destructive only through the changes it carries out.
    for (Change& rebuild : *changes) {
      if (rebuild.kind != ChangeKind::kRebuildTable || rebuild.table != table) continue;
      rebuild.destructive = std::any_of(changes->begin(), changes->end(), [&](const Change& part) {
        return part.in_rebuild && part.table == table && part.destructive;
      });
    }
    return FindRenamedColumns(before, after, changes);  // iterators moved
  }
}

// Rows of a table present before and after whose common columns changed: update_data.
void FindDataChanges(const RowSnapshot& before, const RowSnapshot& after, Changes* changes) {
  for (const auto& [table, rows_after] : after.tables) {
    auto it = before.tables.find(table);
    if (it == before.tables.end()) continue;
    std::vector<std::string> common;
    for (const std::string& column : rows_after.columns) {
      if (std::count(it->second.columns.begin(), it->second.columns.end(), column) != 0) {
        common.push_back(column);
      }
    }
    bool differ = it->second.rows.size() != rows_after.rows.size();
    for (const std::string& column : common) {
      differ = differ || ColumnValues(before, table, column) != ColumnValues(after, table, column);
    }
    if (!differ) continue;
    Change change;
    change.kind = ChangeKind::kUpdateData;
    change.table = table;
    change.name = table;
    if (rows_after.rows.size() < it->second.rows.size()) {
      change.destructive = true;
      change.why_destructive = "deletes rows of " + table;
    }
    changes->push_back(std::move(change));
  }
}

// Every table's insertable columns (what a snapshot reads).
std::map<std::string, std::vector<std::string>> AllColumns(const Schema& schema) {
  std::map<std::string, std::vector<std::string>> columns;
  for (const Table& table : schema.tables) {
    auto& names = columns[table.name];
    for (const Column& column : table.columns) {
      if (column.generated.empty()) names.push_back(column.name);
    }
  }
  return columns;
}

}  // namespace

Result<std::vector<Changes>> ChangesOfSteps(ScratchServer& scratch, const RevisionGraph& graph,
                                            const Plan& plan, const IntrospectOptions& introspect) {
  std::vector<Changes> all;
  if (plan.empty()) return all;
  REV_ASSIGN_OR_RETURN(auto database, scratch.Create());
  Backend& backend = database->backend();
  REV_RETURN_IF_ERROR(ReplayToHeads(backend, graph, plan.start_heads));
  REV_ASSIGN_OR_RETURN(Schema before, Introspect(backend, introspect));
  for (const Step& step : plan.steps) {
    REV_ASSIGN_OR_RETURN(RowSnapshot rows_before, SeedSampleRows(backend, before));
    REV_RETURN_IF_ERROR(RunStepOnScratch(backend, graph.Get(step.revision), step.direction));
    REV_ASSIGN_OR_RETURN(Schema after, Introspect(backend, introspect));
    REV_ASSIGN_OR_RETURN(RowSnapshot rows_after, ReadRows(backend, after.kind, AllColumns(after)));
    Changes changes = Diff(before, after);
    FindRenamedColumns(rows_before, rows_after, &changes);
    FindDataChanges(rows_before, rows_after, &changes);
    all.push_back(std::move(changes));
    before = std::move(after);
  }
  return all;
}

}  // namespace rev::engine::schema
