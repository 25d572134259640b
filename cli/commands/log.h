// `rev log [-n N]`: the database's own record of steps (the history table), newest first:
// what ran, when, by whom, how long it took and how it ended. Reads only.
#pragma once

#include <cstddef>

#include "cli/command.h"

namespace rev::cli {

struct LogOptions {
  size_t limit = 0;  // -n: the newest N rows; 0 for all
};

void RegisterLog(CLI::App& app, Action* action);

// Prints one line per row ("#12 2026-11-22T10:04:00.123Z upgrade b2 (a1 -> b2) applied
// 12 ms by alice@host", and the error on the next line), or in JSON mode
// {"log": [{"id", "revision", "direction", "from", "to", "status", "transactional",
// "checksum", "started_at", "finished_at", "duration_ms", "error", "rev_version",
// "run_by"}, ...]} newest first. An empty database has an empty log. Fails as
// DatabaseSession::Open, and with kDatabase when the history cannot be read.
Status RunLog(const LogOptions& options, Context& context);

}  // namespace rev::cli
