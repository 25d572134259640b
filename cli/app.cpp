#include "cli/app.h"

#include <cstdio>

#include "cli/commands/backup.h"
#include "cli/commands/branches.h"
#include "cli/commands/completion.h"
#include "cli/commands/create.h"
#include "cli/commands/current.h"
#include "cli/commands/diff.h"
#include "cli/commands/downgrade.h"
#include "cli/commands/fleet.h"
#include "cli/commands/graph.h"
#include "cli/commands/heads.h"
#include "cli/commands/history.h"
#include "cli/commands/import.h"
#include "cli/commands/init.h"
#include "cli/commands/log.h"
#include "cli/commands/man.h"
#include "cli/commands/merge.h"
#include "cli/commands/repair.h"
#include "cli/commands/replay.h"
#include "cli/commands/restore.h"
#include "cli/commands/schema.h"
#include "cli/commands/show.h"
#include "cli/commands/squash.h"
#include "cli/commands/stamp.h"
#include "cli/commands/status.h"
#include "cli/commands/upgrade.h"
#include "cli/commands/validate.h"
#include "cli/exit_code.h"
#include "cli/version.h"

namespace rev::cli {

void BuildApp(CLI::App* app, GlobalOptions* globals, Action* action) {
  // A function, so that only `--version` loads the PostgreSQL module to ask for libpq's.
  app->set_version_flag("--version", std::function<std::string()>(VersionText));
  app->add_option("-c,--config", globals->config, "rev.yaml to use (default: searched upward)");
  app->add_option("-d,--database", globals->database, "database URL, over rev.yaml's");
  app->add_option("-e,--env", globals->env, "environment of rev.yaml to use");
  app->add_option("--wait-for-database", globals->wait_for_database_seconds,
                  "seconds to wait for a database that is not up yet (default 0)");
  app->add_flag("--json", globals->json, "print one JSON document on stdout");
  app->add_flag("-q,--quiet", globals->quiet, "print only results and errors");
  app->add_flag("-v,--verbose", globals->verbose, "say more");
  app->add_flag("-y,--yes", globals->yes, "answer yes to confirmations");
  app->add_flag("--no-color", globals->no_color, "no colour (also NO_COLOR)");
  // Global options may also follow the command: `rev heads --json`.
  app->fallthrough();
  app->require_subcommand(0, 1);

  RegisterInit(*app, action);
  RegisterCreate(*app, globals, action);
  RegisterHeads(*app, action);
  RegisterBranches(*app, action);
  RegisterHistory(*app, action);
  RegisterGraph(*app, action);
  RegisterShow(*app, action);
  RegisterMerge(*app, action);
  RegisterSquash(*app, globals, action);
  RegisterValidate(*app, globals, action);
  RegisterUpgrade(*app, action);
  RegisterDowngrade(*app, action);
  RegisterCurrent(*app, action);
  RegisterStatus(*app, action);
  RegisterLog(*app, action);
  RegisterStamp(*app, action);
  RegisterRepair(*app, action);
  RegisterBackup(*app, action);
  RegisterRestore(*app, action);
  RegisterReplay(*app, action);
  RegisterDiff(*app, globals, action);
  RegisterSchema(*app, globals, action);
  RegisterImport(*app, action);
  RegisterFleet(*app, globals, action);
  RegisterCompletion(*app, action);
  RegisterMan(*app, action);

  // The commands that change a database wait for another rev's migration lock; how long is
  // a setting, resolved with the others (Context::Settings).
  for (const char* name :
       {"upgrade", "downgrade", "stamp", "repair", "backup", "restore", "replay"}) {
    app->get_subcommand(name)
        ->add_option("--lock-timeout", globals->lock_timeout_seconds,
                     "seconds to wait for another rev's migration lock")
        ->capture_default_str();
    app->get_subcommand(name)->add_option(
        "--lock", globals->lock,
        "how the migration lock is held on PostgreSQL: auto (default), session or lease");
    app->get_subcommand(name)->add_option(
        "--lock-lease", globals->lock_lease,
        "seconds a lease lock outlives a run that stopped renewing it (default 30)");
  }
}

int ReportMissingCommand(const CLI::App& app) {
  std::fprintf(stderr,
               "%s\nrev: error: no command given\n  hint: e.g. `rev init`, `rev create "
               "\"message\"`, `rev validate`\n",
               app.help().c_str());
  return kUsageExitCode;
}

int ReportParseError(const CLI::App& app, const CLI::ParseError& error) {
  if (error.get_exit_code() == 0) return app.exit(error);  // --help, --version
  std::fprintf(stderr, "rev: error: %s\n  hint: see `rev --help` or `rev COMMAND --help`\n",
               error.what());
  return kUsageExitCode;
}

}  // namespace rev::cli
