#include "cli/database_session.h"

#include <pwd.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/operations/journal.h"

namespace rev::cli {
namespace {

using engine::backends::BackendOptions;
using engine::backends::DatabaseUrl;

// The environment's session setting where it sets one, else the top level's.
std::string Setting(const std::string& environment_value, const std::string& top_level) {
  return environment_value.empty() ? top_level : environment_value;
}

Result<BackendOptions> OptionsFor(Context& context) {
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  REV_ASSIGN_OR_RETURN(const revisions::EnvironmentConfig* env, context.Environment());
  revisions::SessionSettings none;
  const revisions::SessionSettings& chosen = env != nullptr ? env->session : none;
  BackendOptions options;
  options.version_table = config->version_table;
  options.history_table = config->history_table;
  options.applied_table = config->applied_table;
  options.schema = config->version_table_schema;
  options.search_path = Setting(chosen.search_path, config->session.search_path);
  options.lock_timeout = Setting(chosen.lock_timeout, config->session.lock_timeout);
  options.statement_timeout = Setting(chosen.statement_timeout, config->session.statement_timeout);
  return options;
}

// Tells the person, on stderr and once per wait, who holds the lock this run waits for: a
// run that seems to hang says why, in a terminal or a CI log alike. Not with --quiet (as
// every warning): the timeout's error names the holder anyway.
engine::backends::LockWaitObserver LockWaitWarning(Output& out) {
  return [&out](const engine::backends::LockWait& wait) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g",
                  std::chrono::duration<double>(wait.timeout).count());
    out.Warning({"lock-wait",
                 "waiting for the migration lock, held by " + wait.holder + " (giving up after " +
                     seconds + " s, --lock-timeout)",
                 {},
                 ""});
  };
}

std::string UserName() {
  if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_name != nullptr) {
    return entry->pw_name;
  }
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

}  // namespace

Result<std::unique_ptr<DatabaseSession>> DatabaseSession::Open(Context& context, bool writable,
                                                               bool quietly) {
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  REV_ASSIGN_OR_RETURN(std::string text, context.DatabaseUrl());
  if (text.empty()) {
    return Status::InvalidInput("no database to work on")
        .WithHint("pass -d URL, set REV_DATABASE_URL, or set `database:` in " +
                  context.DisplayPath(config->file));
  }
  REV_ASSIGN_OR_RETURN(DatabaseUrl url, DatabaseUrl::Parse(text, config->root));
  REV_ASSIGN_OR_RETURN(BackendOptions options, OptionsFor(context));
  options.on_lock_wait = LockWaitWarning(context.out());
  if (context.out().verbose() && !quietly) context.out().Note("database: " + url.Redacted());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<engine::backends::Backend> backend,
                       engine::backends::OpenBackend(url, options, writable));
  return std::make_unique<DatabaseSession>(std::move(url), std::move(options), std::move(backend));
}

DatabaseSession::DatabaseSession(DatabaseUrl url, BackendOptions options,
                                 std::unique_ptr<engine::backends::Backend> backend)
    : url_(std::move(url)), options_(std::move(options)), backend_(std::move(backend)) {}

DatabaseSession::~DatabaseSession() {
  if (locked_) {
    Status ignored = backend_->ReleaseMigrationLock();  // the OS releases it anyway
    (void)ignored;
  }
}

void AddLockTimeoutOption(CLI::App* command, double* seconds) {
  command
      ->add_option("--lock-timeout", *seconds, "seconds to wait for another rev's migration lock")
      ->capture_default_str();
}

Result<std::chrono::milliseconds> LockTimeout(double seconds) {
  // A day is longer than any deploy should wait.
  if (!std::isfinite(seconds) || seconds < 0 || seconds > 86400) {
    return Status::InvalidInput("--lock-timeout must be a number of seconds from 0 to 86400")
        .WithHint("e.g. --lock-timeout 60 (the default) or --lock-timeout 0 to fail at once");
  }
  return std::chrono::milliseconds(std::llround(seconds * 1000));
}

Status DatabaseSession::Lock(std::chrono::milliseconds timeout) {
  REV_RETURN_IF_ERROR(backend_->AcquireMigrationLock(timeout));
  locked_ = true;
  return Status::Ok();
}

void DatabaseSession::Journal(Context& context, const std::string& command,
                              const std::vector<std::string>& heads) {
  Result<const revisions::ProjectConfig*> config = context.Config();
  if (!config.ok()) return;
  Status recorded = engine::operations::RecordChange((*config)->root, url_, command, heads);
  if (!recorded.ok()) {
    context.out().Warning(
        {"journal",
         "the change was made, but not written to the local journal: " + recorded.message(),
         {},
         ""});
  }
}

engine::operations::MigrationOptions RunOptions(const std::atomic<bool>* interrupted) {
  engine::operations::MigrationOptions options;
  options.rev_version = REV_VERSION;
  options.run_by = UserName() + "@" + HostName();
  options.interrupted = interrupted;
  return options;
}

Result<bool> EnvironmentWantsConfirmation(Context& context) {
  REV_ASSIGN_OR_RETURN(const revisions::EnvironmentConfig* env, context.Environment());
  return env != nullptr && env->confirm;
}

}  // namespace rev::cli
