#include "engine/operations/bookkeeping_row.h"

namespace rev::engine::operations {

backends::HistoryRow BookkeepingRow(const std::string& direction, backends::StepStatus status,
                                    const RevisionIds& from_heads, const RevisionIds& to_heads,
                                    const std::string& now, const MigrationOptions& options) {
  backends::HistoryRow row;
  row.direction = direction;
  row.from_heads = from_heads;
  row.to_heads = to_heads;
  row.status = status;
  row.started_at = now;
  row.finished_at = now;
  row.rev_version = options.rev_version;
  row.run_by = options.run_by;
  return row;
}

}  // namespace rev::engine::operations
