// rev repair: accept edited revision files and clear a dirty or failed state.
#include "engine/operations/bookkeeping_row.h"
#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"

namespace rev::engine::operations {

Status Repair(backends::Backend& backend, const RevisionGraph& graph,
              const MigrationOptions& options, backends::HistoryRow* recorded) {
  REV_ASSIGN_OR_RETURN(bool has_tables, backend.HasVersionTable());
  if (!has_tables) return Status::Ok();  // nothing was ever recorded: nothing to repair
  REV_RETURN_IF_ERROR(backend.EnsureTables());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Transaction> transaction, backend.Begin());
  REV_ASSIGN_OR_RETURN(DatabaseState state, ReadDatabaseState(backend, graph));
  std::vector<Drift> drift = FindDrift(state, graph);
  if (drift.empty() && !state.dirty && !state.last_failure) return Status::Ok();

  std::string now = backends::FormatTimestamp(std::chrono::system_clock::now());
  for (const Drift& item : drift) {
    if (item.path.empty()) {
      // The file is gone: its recorded checksum can never match again.
      REV_RETURN_IF_ERROR(backend.ForgetApplied(item.revision));
    } else {
      REV_RETURN_IF_ERROR(backend.RecordApplied({item.revision, item.current_checksum, now}));
    }
  }

  backends::HistoryRow row = BookkeepingRow("repair", backends::StepStatus::kRepaired, state.heads,
                                            state.heads, now, options);
  const std::optional<backends::HistoryRow>& settled =
      state.dirty ? state.dirty : state.last_failure;
  if (settled) row.revision = settled->revision;
  REV_ASSIGN_OR_RETURN(row.id, backend.AppendHistory(row));
  REV_RETURN_IF_ERROR(transaction->Commit());
  if (recorded != nullptr) *recorded = std::move(row);
  return Status::Ok();
}

}  // namespace rev::engine::operations
