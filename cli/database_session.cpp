#include "cli/database_session.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "cli/run_report.h"
#include "engine/operations/journal.h"
#include "engine/operations/squashed_heads.h"

namespace rev::cli {
namespace {

using engine::backends::BackendOptions;
using engine::backends::DatabaseUrl;

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

Result<const DatabaseUrl*> ConfiguredDatabase(Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  if (!settings->database) {
    return Status::InvalidInput("no database to work on")
        .WithHint("pass -d URL, set REV_DATABASE_URL, or set `database:` in " +
                  context.DisplayPath(settings->config_file));
  }
  return &*settings->database;
}

Result<std::unique_ptr<DatabaseSession>> DatabaseSession::Open(Context& context, bool writable,
                                                               bool quietly) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  REV_ASSIGN_OR_RETURN(const DatabaseUrl* configured, ConfiguredDatabase(context));
  const DatabaseUrl& url = *configured;
  BackendOptions options = settings->backend;
  options.on_lock_wait = LockWaitWarning(context.out());
  if (context.out().verbose() && !quietly) context.out().Note("database: " + url.Redacted());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<engine::backends::Backend> backend,
                       engine::backends::OpenBackend(url, options, writable));
  return std::make_unique<DatabaseSession>(url, std::move(options), std::move(backend),
                                           settings->lock_timeout, settings->journal);
}

DatabaseSession::DatabaseSession(DatabaseUrl url, BackendOptions options,
                                 std::unique_ptr<engine::backends::Backend> backend,
                                 std::chrono::milliseconds lock_timeout,
                                 std::filesystem::path journal)
    : url_(std::move(url)),
      options_(std::move(options)),
      backend_(std::move(backend)),
      lock_timeout_(lock_timeout),
      journal_(std::move(journal)) {}

DatabaseSession::~DatabaseSession() {
  if (locked_) {
    Status ignored = backend_->ReleaseMigrationLock();  // the OS releases it anyway
    (void)ignored;
  }
}

Status DatabaseSession::Lock() {
  REV_RETURN_IF_ERROR(backend_->AcquireMigrationLock(lock_timeout_));
  locked_ = true;
  return Status::Ok();
}

Status DatabaseSession::Lock(const engine::RevisionGraph& graph) {
  REV_RETURN_IF_ERROR(Lock());
  return engine::operations::SettleSquashedHeads(*backend_, graph, RunOptions(nullptr));
}

void DatabaseSession::Journal(Output& out, const std::string& command,
                              const engine::RevisionIds& heads) {
  Status recorded = engine::operations::RecordChange(journal_, url_, command, heads);
  if (!recorded.ok()) WarnJournalNotWritten(out, recorded.message());
}

engine::operations::MigrationOptions RunOptions(const std::atomic<bool>* interrupted) {
  engine::operations::MigrationOptions options;
  options.rev_version = REV_VERSION;
  options.run_by = UserName() + "@" + HostName();
  options.interrupted = interrupted;
  return options;
}

}  // namespace rev::cli
