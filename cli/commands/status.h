// `rev status`: where the database is against the folder. Its current heads and the
// folder's heads, the revisions `rev upgrade heads` would apply, applied revisions whose
// files changed or are gone, a dirty step (or one running now, under another rev's lock),
// and the last failure. Reads only: creates nothing; a role that may only read is enough.
#pragma once

#include "cli/command.h"

namespace rev::cli {

struct StatusOptions {
  bool exit_code = false;  // --exit-code: exit 1 when the database is not up to date
};

void RegisterStatus(CLI::App& app, Action* action);

// Prints the report, or in JSON mode {"current": [...], "heads": [...], "pending": [...],
// "unknown": [...], "drift": [{"revision", "path", "state", "recorded_checksum",
// "current_checksum"}], "dirty": {...} | null, "last_failure": {...} | null,
// "in_progress": bool, "up_to_date": bool}. In text, the pending revisions and the drift are
// one per line, capped (revisions/capped_list.h) unless --verbose; JSON lists every one.
// Up to date means nothing pending, no drift, no dirty step and no head the folder lacks
// (a last failure alone is history: if it left the database behind, something is pending).
// Succeeds whatever the state (as `alembic current` and `dbmate status` do), unless
// --exit-code: then fails with kFailed (exit 1, for CI) when not up to date, saying why.
// Fails as DatabaseSession::Open and Context::Graph, and with kDatabase when the database
// cannot be read.
Status RunStatus(const StatusOptions& options, Context& context);

}  // namespace rev::cli
