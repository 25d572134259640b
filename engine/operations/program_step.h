// A step whose section is a program (`-- rev:upgrade-run: COMMAND`): how the migrator runs it.
//
// The program runs with no shell, its working folder the project's, and the parent's
// environment plus REV_DATABASE_URL (the full URL, password included: it is never put on
// the program's command line, which any user of the machine can read), REV_REVISION,
// REV_DIRECTION and, for SQLite, REV_DATABASE_FILE. A command's first word that holds a
// `/` is a path from the project folder; any other is looked up on PATH.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "engine/backends/database_url.h"
#include "engine/plan.h"
#include "revisions/revision.h"

namespace rev::engine::operations {

// What a run needs to run programs. Left empty by a run that cannot (a scratch database).
struct ProgramSettings {
  std::filesystem::path project_folder;
  const backends::DatabaseUrl* database = nullptr;  // REQUIRES: outlives the run
};

// The program `direction` of `revision` runs, if that section is written as one.
const std::optional<revisions::RunCommand>& ProgramOf(const revisions::Revision& revision,
                                                      Direction direction);

// A line the program wrote (`from_stderr`: on stderr), with the database password redacted.
using ProgramLine = std::function<void(bool from_stderr, const std::string& line)>;

// Runs the program of `direction` of `revision` and waits for it; each line of its output
// goes to `on_line` as it comes. REQUIRES: ProgramOf(revision, direction) is set.
// Fails, located at the marker's file:line, with kDatabase (a step that failed) when the program is
// missing, not executable, exits non-zero or is killed (the message names the command, the exit
// code or signal, and the last lines of its stderr); kInterrupted when `*interrupted` became true
// (the program is sent SIGTERM, then SIGKILL after a grace period); kInvalidInput when
// `settings` is empty.
Status RunProgram(const revisions::Revision& revision, Direction direction,
                  const ProgramSettings& settings, const std::atomic<bool>* interrupted,
                  const ProgramLine& on_line);

}  // namespace rev::engine::operations
