#include "cli/commands/downgrade.h"

#include "cli/commands/offline_plan.h"

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
  BindAction(command, options, RunDowngrade, action);
}

Status RunDowngrade(const DowngradeOptions& options, Context& context) {
  if (!options.sql) return DatabaseNotAvailable("downgrade");
  return RunOfflinePlan(context, engine::Direction::kDowngrade, options.target);
}

}  // namespace rev::cli
