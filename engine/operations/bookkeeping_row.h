// The history row of a change that runs no SQL (rev stamp, rev repair): it starts and
// finishes in the same moment, so one builder fills what both record.
#pragma once

#include <string>

#include "engine/backends/history.h"
#include "engine/operations/migrator.h"

namespace rev::engine::operations {

// A finished row: `direction` ("stamp", "repair"), `status`, the heads before and after,
// started and finished at `now`, with the rev version and user of `options`. The caller
// adds the revision (and its checksum) when the change concerns one.
backends::HistoryRow BookkeepingRow(const std::string& direction, backends::StepStatus status,
                                    const RevisionIds& from_heads, const RevisionIds& to_heads,
                                    const std::string& now, const MigrationOptions& options);

}  // namespace rev::engine::operations
