#include "engine/backends/backend.h"

namespace rev::engine::backends {

Result<int64_t> Backend::RecordStep(const VersionEdit& edit,
                                    const std::optional<AppliedRevision>& applied,
                                    const HistoryRow& row) {
  REV_RETURN_IF_ERROR(ApplyVersionEdit(edit));
  if (applied) {
    REV_RETURN_IF_ERROR(RecordApplied(*applied));
  } else {
    REV_RETURN_IF_ERROR(ForgetApplied(row.revision));
  }
  if (row.id == 0) return AppendHistory(row);
  REV_RETURN_IF_ERROR(FinishHistory(row.id, row));
  return row.id;
}

}  // namespace rev::engine::backends
