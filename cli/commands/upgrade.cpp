#include "cli/commands/upgrade.h"

#include "cli/commands/offline_plan.h"

namespace rev::cli {

void RegisterUpgrade(CLI::App& app, Action* action) {
  auto options = std::make_shared<UpgradeOptions>();
  CLI::App* command = app.add_subcommand("upgrade", "Apply revisions up to TARGET (default head)");
  command->add_option("target", options->target, "head, heads, REV, label@head, +N, START:END")
      ->capture_default_str();
  command->add_flag("--sql", options->sql, "print the SQL script; open no database");
  command->add_flag("--dry-run", options->dry_run, "read the database and print the plan");
  command->add_flag("--auto-merge", options->auto_merge, "with several heads, write a merge first");
  command->add_flag("--backup", options->backup, "take a backup first");
  command->add_flag("--single-transaction", options->single_transaction,
                    "run the whole plan in one transaction");
  BindAction(command, options, RunUpgrade, action);
}

Status RunUpgrade(const UpgradeOptions& options, Context& context) {
  if (!options.sql) return DatabaseNotAvailable("upgrade");
  if (options.auto_merge) {
    return Status::InvalidInput("--auto-merge writes a merge revision; --sql writes nothing")
        .WithHint("run `rev merge heads -m \"merge\"` first, then `rev upgrade --sql`");
  }
  return RunOfflinePlan(context, engine::Direction::kUpgrade, options.target);
}

}  // namespace rev::cli
