// The readers of other tools' projects, one per tool (each in its own .cpp), and
// ReadProject, which picks one. A reader reads files (Alembic's also runs Alembic) and
// writes nothing.
//
// Every reader fails with kInvalidInput located at the file (and line, when there is one)
// and saying the fix, for: a folder that is not in the tool's format, a file that does not
// parse, two migrations with the same version. It never guesses: what it cannot read is an
// error or a notice, never a migration with made-up SQL.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <string>

#include "engine/importers/imported.h"

namespace rev::engine::importers {

struct ReadOptions {
  // Flyway's ${name} placeholders (--placeholder name=value).
  std::map<std::string, std::string> placeholders;
  // The Python that runs Alembic (--python); its `import alembic` must work.
  std::string python = "python3";
  // Set by Ctrl-C: a running Alembic is stopped and the read fails with kInterrupted.
  const std::atomic<bool>* interrupted = nullptr;
};

Result<ImportedProject> ReadProject(SourceTool tool, const std::filesystem::path& path,
                                    const ReadOptions& options);

// An Alembic project: `path` holds alembic.ini (script_location says where versions/ is).
// The graph is kept exactly; the SQL comes from Alembic itself in offline mode, all
// revisions in one Python process. Fails with kInvalidInput when Alembic cannot be run
// (saying how to install it) and when a revision's offline SQL cannot be produced (naming
// each such revision and Alembic's error).
Result<ImportedProject> ReadAlembic(const std::filesystem::path& path, const ReadOptions& options);
// V<version>__<desc>.sql, undo U<version>__<desc>.sql; R__ files become notices.
Result<ImportedProject> ReadFlyway(const std::filesystem::path& path, const ReadOptions& options);
// <version>_<name>.up.sql and .down.sql.
Result<ImportedProject> ReadGolangMigrate(const std::filesystem::path& path);
// <version>_<name>.sql with `-- migrate:up` and `-- migrate:down` sections.
Result<ImportedProject> ReadDbmate(const std::filesystem::path& path);
// sqitch.plan with deploy/ and revert/ scripts (top_dir from sqitch.conf when it says).
Result<ImportedProject> ReadSqitch(const std::filesystem::path& path);

}  // namespace rev::engine::importers
