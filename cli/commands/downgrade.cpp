#include "cli/commands/downgrade.h"

#include "cli/database_session.h"
#include "cli/offline_plan.h"
#include "cli/online_plan.h"

namespace rev::cli {

void RegisterDowngrade(CLI::App& app, Action* action) {
  auto options = std::make_shared<DowngradeOptions>();
  CLI::App* command = app.add_subcommand("downgrade", "Revert revisions down to TARGET");
  command->add_option("target", options->target, "-1, -N, base, REV, START:END (with --sql)")
      ->required();
  AddPlanCommandFlags(command, options.get());
  BindAction(command, options, RunDowngrade, action);
}

Status RunDowngrade(const DowngradeOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(engine::TargetOrRange target, engine::ParseTargetOrRange(options.target));
  if (options.sql) return RunOfflinePlan(context, engine::Direction::kDowngrade, target);
  REV_ASSIGN_OR_RETURN(OnlineRequest request,
                       MakeOnlineRequest(engine::Direction::kDowngrade, target, options));
  return RunOnlinePlan(context, request);
}

}  // namespace rev::cli
