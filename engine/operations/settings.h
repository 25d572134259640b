// Settings: what one command works with, resolved once from rev.yaml, the chosen
// environment's overlay, REV_* variables and the command line, in SPEC §1's order of
// precedence, into typed values. Nothing downstream reads rev.yaml again, applies the
// overlay or parses a URL: it is handed these values.
//
//   database URL   --database > REV_DATABASE_URL > the environment's > rev.yaml's
//   session        each of the environment's lock_timeout, statement_timeout, search_path
//                  over the top level's; a URL's ?schema=NAME places rev's tables in NAME
//                  and puts NAME first in search_path
//   backup before  the environment's backup_before_upgrade over backup.before_upgrade
//   lock timeout   --lock-timeout, else 60 s
//   waiting        --wait-for-database, else 0 (a database that cannot be reached fails)
//   lock mode      --lock > the environment's lock: > rev.yaml's > auto; likewise
//                  --lock-lease > lock_lease: > 30 s
//   dev database   --dev-database > REV_DEV_DATABASE_URL > rev.yaml's dev_database:
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "engine/backends/backend.h"
#include "engine/backends/database_url.h"
#include "revisions/project_config.h"

namespace rev::engine::operations {

// --lock-timeout's default (SPEC §4).
inline constexpr std::chrono::milliseconds kDefaultLockTimeout{60000};

// What the command line says; empty or absent where it says nothing.
struct SettingsRequest {
  std::string database;     // -d/--database
  std::string environment;  // -e/--env
  std::optional<double> lock_timeout_seconds;
  std::string dev_database;                         // --dev-database
  std::string lock;                                 // --lock, as typed; checked here
  std::string lock_lease;                           // --lock-lease, as typed; checked here
  std::optional<double> wait_for_database_seconds;  // --wait-for-database
};

struct Settings {
  std::filesystem::path project_root;             // rev.yaml's folder
  std::filesystem::path config_file;              // rev.yaml, as the command was given it
  std::optional<backends::DatabaseUrl> database;  // nullopt: no URL anywhere
  backends::BackendOptions backend;               // table names, schema, session settings
  std::string environment;                        // the chosen environment's name; empty for none
  bool confirm = false;                           // the environment says `confirm: true`
  bool backup_before_upgrade = false;
  bool auto_merge = false;
  std::filesystem::path backup_dir;  // absolute
  std::filesystem::path journal;     // .rev/journal.jsonl beside rev.yaml
  std::chrono::milliseconds lock_timeout = kDefaultLockTimeout;
  std::filesystem::path schema_file;  // absolute: rev.yaml's schema:, default schema.sql
  // Where PostgreSQL scratch databases are made: --dev-database > REV_DEV_DATABASE_URL >
  // rev.yaml's dev_database:; nullopt when none is set.
  std::optional<backends::DatabaseUrl> dev_database;
};

// Resolves `config` and `request`. Fails with kInvalidInput for an unknown environment
// (naming the known ones), a ${VAR} that is unset and has no default (at rev.yaml's line),
// a URL that does not parse, a lock timeout that is negative, not finite or over a day, or
// a --lock / --lock-lease that is not a mode / a number of seconds in range.
// REV_DATABASE_URL and ${VAR} are read from the process environment.
Result<Settings> ResolveSettings(const revisions::ProjectConfig& config,
                                 const SettingsRequest& request);

// A wait of `seconds` given by `flag` as a duration: the check ResolveSettings makes (from
// 0 to a day), failing with kInvalidInput naming `flag` and showing `example`.
Result<std::chrono::milliseconds> WaitFromSeconds(const std::string& flag, double seconds,
                                                  const std::string& example);
// --lock-timeout's WaitFromSeconds.
Result<std::chrono::milliseconds> LockTimeoutFromSeconds(double seconds);

}  // namespace rev::engine::operations
