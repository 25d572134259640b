#include "cli/commands/downgrade.h"

#include "cli/commands/offline_plan.h"
#include "cli/database_session.h"
#include "cli/online_plan.h"

namespace rev::cli {

void RegisterDowngrade(CLI::App& app, Action* action) {
  auto options = std::make_shared<DowngradeOptions>();
  CLI::App* command = app.add_subcommand("downgrade", "Revert revisions down to TARGET");
  command->add_option("target", options->target, "-1, -N, base, REV, START:END (with --sql)")
      ->required();
  command->add_flag("--sql", options->sql, "print the SQL script; open no database");
  command->add_flag("--dry-run", options->dry_run, "read the database and print the plan");
  command->add_flag("--single-transaction", options->single_transaction,
                    "run the whole plan in one transaction");
  command->add_flag("--ignore-checksums", options->ignore_checksums,
                    "go ahead although applied revision files changed");
  AddLockTimeoutOption(command, &options->lock_timeout);
  BindAction(command, options, RunDowngrade, action);
}

Status RunDowngrade(const DowngradeOptions& options, Context& context) {
  if (options.sql) return RunOfflinePlan(context, engine::Direction::kDowngrade, options.target);
  OnlineRequest request;
  request.direction = engine::Direction::kDowngrade;
  request.target = options.target;
  request.dry_run = options.dry_run;
  request.single_transaction = options.single_transaction;
  request.ignore_checksums = options.ignore_checksums;
  request.lock_timeout_seconds = options.lock_timeout;
  return RunOnlinePlan(context, request);
}

}  // namespace rev::cli
