// A Sqitch project in a temp folder, and Sqitch itself (Debian's `sqitch`) run on it, for
// the importer's tests: what Sqitch deploys into one database, rev must reproduce in another.
//
//   TempDir folder;
//   WriteSampleSqitchProject(folder.path(), kind);
//   TestDatabase sqitch_db(kind);
//   RequireSqitch(folder.path(), {"deploy", "--to", "flips", SqitchTarget(sqitch_db)});
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"
#include "tests/support/run_process.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// The sample project `flipr`, with sqitch.conf naming the engine of `kind`:
//
//   users                        CREATE TABLE users
//   flips [users]                CREATE TABLE flips, referencing users
//   data/seed [users]            INSERT a user (a change in a sub-folder)
//   noop                         comments only: a deliberate no-op
//   @v1.0
//   flips_index [flips]          CREATE INDEX; on PostgreSQL CONCURRENTLY, with no BEGIN
//   users [users@v1.0]           the rework: ADD COLUMN nickname
//
// Every script but flips_index's is wrapped in BEGIN; ... COMMIT; as `sqitch add` writes
// them. The first instance of users keeps its scripts in deploy/users@v1.0.sql and
// revert/users@v1.0.sql, as `sqitch rework` leaves them.
void WriteSampleSqitchProject(const std::filesystem::path& folder,
                              engine::backends::DatabaseKind kind);

// The sample project's keys in the plan's order, and the Sqitch change spec that deploys
// up to each (the last instance of users is `@HEAD`).
std::vector<std::string> SampleSqitchKeys();
std::vector<std::string> SampleSqitchTargets();

// Sqitch's URI for the test database: db:sqlite:/abs/file or db:pg://user:pass@host/db.
std::string SqitchTarget(const TestDatabase& db);

// Runs sqitch in `folder` with a fixed planner and no user or system configuration.
ProcessResult RunSqitch(const std::filesystem::path& folder, const std::vector<std::string>& args);
// RunSqitch, failing the running test (showing what Sqitch printed) unless it exits 0.
void RequireSqitch(const std::filesystem::path& folder, const std::vector<std::string>& args);

}  // namespace rev::testing
