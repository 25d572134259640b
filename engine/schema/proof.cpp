#include "engine/schema/proof.h"

#include <algorithm>
#include <map>

#include "engine/schema/diff.h"
#include "engine/schema/sample_rows.h"
#include "engine/schema/source.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace {

using backends::Backend;

Status RunDirection(Backend& backend, const std::string& sql, bool transactional,
                    const std::string& direction) {
  Status status = ExecuteAsStep(backend, sql, {"(generated " + direction + ")", 1}, transactional);
  if (status.ok() || status.code() == StatusCode::kInterrupted) return status;
  return Status::Failed("the generated " + direction +
                        " fails on a scratch database: " + status.ToString());
}

Status RequireSame(Backend& backend, const Schema& wanted, const IntrospectOptions& introspect,
                   const std::string& after, const std::string& wanted_name) {
  REV_ASSIGN_OR_RETURN(Schema actual, Introspect(backend, introspect));
  Changes left = Diff(actual, wanted);
  if (left.empty()) return Status::Ok();
  std::vector<std::string> names;
  for (const Change& change : left) names.push_back(change.KindName() + " " + change.ObjectName());
  return Status::Failed("after the generated " + after + ", the database still differs from " +
                        wanted_name + ": " + revisions::Join(names, "; "));
}

// Which tables and columns keep their rows through the upgrade, under their names before
// and after it.
struct KeptColumns {
  std::map<std::string, std::vector<std::string>> before;  // table → columns, head's names
  std::map<std::string, std::vector<std::string>> after;   // the same, the desired names
  std::map<std::string, std::string> table_after;          // head's name → the desired one
};

KeptColumns Kept(const RowSnapshot& seeded, const Changes& changes) {
  KeptColumns kept;
  for (const auto& [table, rows] : seeded.tables) {
    std::string new_table = table;
    bool dropped = false;
    for (const Change& change : changes) {
      if (change.kind == ChangeKind::kDropTable && change.table == table) dropped = true;
      if (change.kind == ChangeKind::kRenameTable && change.old_name == table)
        new_table = change.table;
    }
    if (dropped) continue;
    kept.table_after[table] = new_table;
    for (const std::string& column : rows.columns) {
      std::string new_column = column;
      bool lost = false;
      for (const Change& change : changes) {
        if (change.table != new_table) continue;
        if (change.kind == ChangeKind::kRenameColumn && change.old_name == column) {
          new_column = change.name;
        }
      }
      for (const Change& change : changes) {
        if (change.table != new_table || change.name != new_column) continue;
        lost |= change.kind == ChangeKind::kDropColumn ||
                (change.kind == ChangeKind::kAlterColumn &&
                 change.column_before->type != change.column_after->type);
      }
      if (lost) continue;
      kept.before[table].push_back(column);
      kept.after[new_table].push_back(new_column);
    }
  }
  return kept;
}

Status RequireRows(Backend& backend, backends::DatabaseKind kind, const RowSnapshot& seeded,
                   const std::map<std::string, std::vector<std::string>>& read,
                   const KeptColumns& kept, bool renamed, const std::string& after) {
  REV_ASSIGN_OR_RETURN(RowSnapshot now, ReadRows(backend, kind, read));
  for (const auto& [table, columns] : kept.before) {
    const auto& original = seeded.tables.at(table);
    std::vector<backends::QueryRow> expected;
    for (const auto& row : original.rows) {
      backends::QueryRow kept_row;
      for (const std::string& column : columns) {
        auto at = std::find(original.columns.begin(), original.columns.end(), column);
        kept_row.push_back(row[static_cast<size_t>(at - original.columns.begin())]);
      }
      expected.push_back(std::move(kept_row));
    }
    std::sort(expected.begin(), expected.end());
    const std::string& name = renamed ? kept.table_after.at(table) : table;
    if (now.tables.at(name).rows != expected) {
      return Status::Failed("after the generated " + after + ", the sample rows of " + name +
                            " are not what they were: " + std::to_string(expected.size()) +
                            " rows before, " + std::to_string(now.tables.at(name).rows.size()) +
                            " now, or their values changed");
    }
  }
  return Status::Ok();
}

}  // namespace

Status Prove(ScratchServer& scratch, const ProofRequest& request) {
  REV_ASSIGN_OR_RETURN(auto database, scratch.Create());
  Backend& backend = database->backend();
  backends::DatabaseKind kind = request.head->kind;
  REV_RETURN_IF_ERROR(request.build_head(backend));
  REV_ASSIGN_OR_RETURN(RowSnapshot seeded, SeedSampleRows(backend, *request.head));
  KeptColumns kept = Kept(seeded, *request.changes);

  REV_RETURN_IF_ERROR(RunDirection(backend, request.upgrade_sql, request.transactional, "upgrade"));
  REV_RETURN_IF_ERROR(
      RequireSame(backend, *request.desired, request.introspect, "upgrade", "the schema file"));
  if (kind == backends::DatabaseKind::kSqlite) {
    REV_ASSIGN_OR_RETURN(auto violations,
                         backend.Query("PRAGMA foreign_key_check", {}, "checking foreign keys"));
    if (!violations.empty()) {
      return Status::Failed("after the generated upgrade, " + std::to_string(violations.size()) +
                            " sample rows break a foreign key (first in table " +
                            violations.front()[0].value_or("?") + ")");
    }
  }
  REV_RETURN_IF_ERROR(RequireRows(backend, kind, seeded, kept.after, kept, true, "upgrade"));

  REV_RETURN_IF_ERROR(
      RunDirection(backend, request.downgrade_sql, request.transactional, "downgrade"));
  REV_RETURN_IF_ERROR(RequireSame(backend, *request.head, request.introspect, "downgrade", "head"));
  return RequireRows(backend, kind, seeded, kept.before, kept, false, "downgrade");
}

}  // namespace rev::engine::schema
