#include "engine/operations/settings.h"

#include <cmath>
#include <cstdlib>

#include "engine/operations/journal.h"

namespace rev::engine::operations {
namespace {

using revisions::EnvironmentConfig;
using revisions::ProjectConfig;

Result<const EnvironmentConfig*> ChosenEnvironment(const ProjectConfig& config,
                                                   const std::string& name) {
  if (name.empty()) return static_cast<const EnvironmentConfig*>(nullptr);
  auto env = config.environments.find(name);
  if (env != config.environments.end()) return &env->second;
  std::string names;
  for (const auto& [known, unused] : config.environments) {
    names += (names.empty() ? "" : ", ") + known;
  }
  return Status::InvalidInput("no environment '" + name + "' in " + config.file.string())
      .WithHint(names.empty() ? "add it under `environments:` in rev.yaml"
                              : "the environments are: " + names);
}

// The URL text by precedence, ${VAR} expanded; empty when none is set anywhere.
Result<std::string> DatabaseText(const ProjectConfig& config, const EnvironmentConfig* env,
                                 const SettingsRequest& request) {
  if (!request.database.empty()) return request.database;
  if (const char* url = std::getenv("REV_DATABASE_URL"); url != nullptr && *url != '\0') {
    return std::string(url);
  }
  if (env != nullptr && env->database) {
    return revisions::ExpandVariables(*env->database,
                                      {config.file.string(), env->database_line, 0});
  }
  if (config.database.empty()) return std::string();
  return revisions::ExpandVariables(config.database,
                                    {config.file.string(), config.database_line, 0});
}

// The dev database's URL text by precedence, ${VAR} expanded; empty when none is set.
Result<std::string> DevDatabaseText(const ProjectConfig& config, const SettingsRequest& request) {
  if (!request.dev_database.empty()) return request.dev_database;
  if (const char* url = std::getenv("REV_DEV_DATABASE_URL"); url != nullptr && *url != '\0') {
    return std::string(url);
  }
  if (config.dev_database.empty()) return std::string();
  return revisions::ExpandVariables(config.dev_database,
                                    {config.file.string(), config.dev_database_line, 0});
}

// The environment's session setting where it sets one, else the top level's.
std::string Overlay(const std::string& environment_value, const std::string& top_level) {
  return environment_value.empty() ? top_level : environment_value;
}

backends::BackendOptions BackendOptionsFor(const ProjectConfig& config,
                                           const EnvironmentConfig* env) {
  const revisions::SessionSettings none;
  const revisions::SessionSettings& chosen = env != nullptr ? env->session : none;
  backends::BackendOptions options;
  options.version_table = config.version_table;
  options.history_table = config.history_table;
  options.applied_table = config.applied_table;
  options.schema = config.version_table_schema;
  options.search_path = Overlay(chosen.search_path, config.session.search_path);
  options.lock_timeout = Overlay(chosen.lock_timeout, config.session.lock_timeout);
  options.statement_timeout = Overlay(chosen.statement_timeout, config.session.statement_timeout);
  options.lock = chosen.lock.value_or(config.session.lock.value_or(options.lock));
  options.lock_lease =
      chosen.lock_lease.value_or(config.session.lock_lease.value_or(options.lock_lease));
  return options;
}

// A URL's `?schema=NAME`: rev's tables go there, and it comes first in search_path, so that
// the revisions' unqualified names land there too (one schema per tenant). rev.yaml's
// search_path follows it (say `public`, for extensions' functions). The name was checked
// to be letters, digits and '_' when the URL was parsed.
void PlaceInSchema(const std::string& schema, backends::BackendOptions* options) {
  const std::string quoted = "\"" + schema + "\"";
  options->schema = schema;
  options->search_path =
      options->search_path.empty() ? quoted : quoted + ", " + options->search_path;
}

// --lock and --lock-lease over what rev.yaml says.
Status ApplyLockOptions(const SettingsRequest& request, backends::BackendOptions* options) {
  if (!request.lock.empty()) {
    std::optional<revisions::LockMode> mode = revisions::ParseLockMode(request.lock);
    if (!mode) {
      return Status::InvalidInput("--lock '" + request.lock + "' is not a lock mode")
          .WithHint("use --lock auto (the default), --lock session or --lock lease");
    }
    options->lock = *mode;
  }
  if (!request.lock_lease.empty()) {
    Result<std::chrono::seconds> lease = revisions::ParseLockLease(request.lock_lease);
    if (!lease.ok()) {
      return Status::InvalidInput("--lock-lease: " + lease.status().message())
          .WithHint("e.g. --lock-lease 30 (the default)");
    }
    options->lock_lease = *lease;
  }
  return Status::Ok();
}

}  // namespace

Result<std::chrono::milliseconds> WaitFromSeconds(const std::string& flag, double seconds,
                                                  const std::string& example) {
  // A day is longer than any deploy should wait.
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 86400) {
    return Status::InvalidInput(flag + " must be a number of seconds from 0 to 86400")
        .WithHint("e.g. " + example);
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

Result<std::chrono::milliseconds> LockTimeoutFromSeconds(double seconds) {
  return WaitFromSeconds("--lock-timeout", seconds,
                         "--lock-timeout 60 (the default) or --lock-timeout 0 to fail at once");
}

Result<Settings> ResolveSettings(const ProjectConfig& config, const SettingsRequest& request) {
  Settings settings;
  if (request.lock_timeout_seconds) {
    REV_ASSIGN_OR_RETURN(settings.lock_timeout,
                         LockTimeoutFromSeconds(*request.lock_timeout_seconds));
  }
  REV_ASSIGN_OR_RETURN(const EnvironmentConfig* env,
                       ChosenEnvironment(config, request.environment));
  settings.project_root = config.root;
  settings.config_file = config.file;
  REV_ASSIGN_OR_RETURN(std::string url, DatabaseText(config, env, request));
  if (!url.empty()) {
    REV_ASSIGN_OR_RETURN(settings.database, backends::DatabaseUrl::Parse(url, config.root));
  }
  REV_ASSIGN_OR_RETURN(std::string dev_url, DevDatabaseText(config, request));
  if (!dev_url.empty()) {
    REV_ASSIGN_OR_RETURN(settings.dev_database, backends::DatabaseUrl::Parse(dev_url, config.root));
  }
  settings.schema_file = config.schema_file();
  settings.backend = BackendOptionsFor(config, env);
  if (request.wait_for_database_seconds) {
    REV_ASSIGN_OR_RETURN(settings.backend.wait_for_database,
                         WaitFromSeconds("--wait-for-database", *request.wait_for_database_seconds,
                                         "--wait-for-database 30 (0, the default: not at all)"));
  }
  if (settings.database && !settings.database->schema().empty()) {
    PlaceInSchema(settings.database->schema(), &settings.backend);
  }
  REV_RETURN_IF_ERROR(ApplyLockOptions(request, &settings.backend));
  settings.environment = request.environment;
  settings.confirm = env != nullptr && env->confirm;
  settings.backup_before_upgrade = env != nullptr && env->backup_before_upgrade
                                       ? *env->backup_before_upgrade
                                       : config.backup.before_upgrade;
  settings.auto_merge = config.auto_merge;
  settings.backup_dir = config.backup_dir();
  settings.journal = JournalPath(config.root);
  return settings;
}

}  // namespace rev::engine::operations
