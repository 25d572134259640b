// rev.yaml: the project's configuration, typed.
//
// Every field has its default beside it. Database URLs are kept as written (with their
// ${VAR} references), because an environment's variable need only exist when that
// environment is chosen; ExpandVariables resolves them then.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "revisions/lock_mode.h"
#include "revisions/notice.h"
#include "revisions/result.h"

namespace rev::revisions {

struct BackupSettings {
  std::string dir = "backups";  // relative to rev.yaml's folder
  bool before_upgrade = false;  // take a backup before every upgrade that changes something
};

// Session settings for PostgreSQL (SET ... for the migration connection); empty = server default.
struct SessionSettings {
  std::string lock_timeout;       // e.g. "5s": a migration waiting on a busy table fails fast
  std::string statement_timeout;  // e.g. "15min"
  std::string search_path;        // e.g. "app, public"
  // How runs keep each other out (lock_mode.h); nullopt: not set here.
  std::optional<LockMode> lock;                    // `lock: auto|session|lease`
  std::optional<std::chrono::seconds> lock_lease;  // `lock_lease: 30` or `30s`
};

struct EnvironmentConfig {
  std::string name;
  std::optional<std::string> database;  // as written, ${VAR} unexpanded
  int database_line = 0;
  bool confirm = false;                       // ask once before any change; --yes answers
  std::optional<bool> backup_before_upgrade;  // overrides backup.before_upgrade
  SessionSettings session;                    // each non-empty field overrides the top level
};

// rev.yaml's `fleet:`, the databases `rev fleet` works on: a list of URLs, `{file: PATH}`
// (one URL a line) or `{command: "..."}` (its output is that list). URLs as written, ${VAR}
// unexpanded; reading the file and running the command are the fleet command's.
struct FleetConfig {
  enum class Source { kNone, kList, kFile, kCommand };
  Source source = Source::kNone;
  std::vector<std::string> urls;  // kList
  std::vector<int> url_lines;     // kList: the line of each URL
  std::string file;               // kFile: relative to rev.yaml's folder
  std::string command;            // kCommand: run by /bin/sh in rev.yaml's folder
  int line = 0;                   // the line of `fleet:`'s value
};

struct ProjectConfig {
  std::filesystem::path file;  // rev.yaml itself
  std::filesystem::path root;  // the folder holding it; relative paths start here

  std::string revisions = "revisions";  // folder of revision files
  std::string database;                 // default target, as written; may be empty
  int database_line = 0;
  std::string version_table = "rev_version";
  std::string version_table_schema;  // PostgreSQL schema of both tables; empty = search_path
  std::string history_table = "rev_history";
  std::string applied_table = "rev_applied";  // checksum of each applied revision
  std::string file_template = "{rev}_{slug}";
  int file_template_line = 0;         // where rev.yaml sets it (0: the default), for its errors
  bool auto_merge = false;            // `upgrade head` with several heads writes a merge revision
  std::string schema = "schema.sql";  // the desired schema (rev diff, create --autogenerate)
  // PostgreSQL: a server where rev creates and drops scratch databases, as written (${VAR}
  // unexpanded); empty: none.
  std::string dev_database;
  int dev_database_line = 0;
  BackupSettings backup;
  FleetConfig fleet;
  SessionSettings session;
  std::map<std::string, EnvironmentConfig> environments;

  std::vector<Notice> warnings;  // unknown keys

  std::filesystem::path revisions_dir() const { return root / revisions; }
  std::filesystem::path backup_dir() const { return root / backup.dir; }
  std::filesystem::path schema_file() const { return root / schema; }
};

// Reads and checks `file`. Fails with kInvalidInput at `file:line` when it is not YAML, not
// a mapping, or a value has the wrong type or an invalid table name.
Result<ProjectConfig> LoadProjectConfig(const std::filesystem::path& file);

// The nearest rev.yaml in `start` or one of its parents. Fails with kInvalidInput (hint:
// `rev init`, `-c FILE`) when there is none.
Result<std::filesystem::path> FindProjectConfig(const std::filesystem::path& start);

// Expands ${VAR} and ${VAR:-default} from the process environment. Fails with
// kInvalidInput at `where` naming the variable when one is unset and has no default.
Result<std::string> ExpandVariables(const std::string& text, const SourceLocation& where);

// The rev.yaml `rev init` writes.
std::string DefaultConfigText();

}  // namespace rev::revisions
