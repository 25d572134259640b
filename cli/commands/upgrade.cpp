#include "cli/commands/upgrade.h"

#include "cli/database_session.h"
#include "cli/new_revision.h"
#include "cli/offline_plan.h"
#include "cli/online_plan.h"
#include "cli/revision_view.h"
#include "engine/merge.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

// Several heads and `upgrade head` with auto-merge: the merge revision `rev merge heads`
// would write. Returns the target to plan to.
Result<engine::Target> AutoMerge(const UpgradeOptions& options, engine::Target target,
                                 Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  const engine::Target head = engine::KeywordTarget{engine::Keyword::kHead, {}};
  const engine::Target heads = engine::KeywordTarget{engine::Keyword::kHeads, {}};
  if (!(target == head) || graph->Heads().size() < 2 ||
      !(options.auto_merge || settings->auto_merge)) {
    return target;
  }
  REV_ASSIGN_OR_RETURN(engine::RevisionIds parents, engine::MergeParents(*graph, {heads}));
  if (options.plan.dry_run) {
    context.out().Note("Would write a merge revision of " + revisions::Join(parents) +
                       " first (auto-merge); planning to their heads.");
    return heads;
  }
  REV_ASSIGN_OR_RETURN(revisions::RevisionId id, ChooseRevisionId(*graph, ""));
  std::string message = "merge " + revisions::Join(parents);
  revisions::NewRevision merge{id, parents, {}, {}, message, "", true, "", ""};
  REV_ASSIGN_OR_RETURN(std::string path, WriteRevisionFile(context, &merge));
  context.out().Note("Wrote merge revision " + path + " joining " + revisions::Join(parents) +
                     " (auto-merge).");
  context.ReloadRevisions();
  return target;
}

}  // namespace

void RegisterUpgrade(CLI::App& app, Action* action) {
  auto options = std::make_shared<UpgradeOptions>();
  CLI::App* command = app.add_subcommand("upgrade", "Apply revisions up to TARGET (default head)");
  command->add_option("target", options->plan.target, "head, heads, REV, label@head, +N, START:END")
      ->capture_default_str();
  command->add_flag("--auto-merge", options->auto_merge, "with several heads, write a merge first");
  command->add_flag("--backup", options->backup, "take a backup first");
  AddPlanCommandFlags(command, &options->plan);
  BindAction(command, options, RunUpgrade, action);
}

Status RunUpgrade(const UpgradeOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(engine::TargetOrRange target,
                       engine::ParseTargetOrRange(options.plan.target));
  if (options.plan.sql) {
    if (options.auto_merge) {
      return Status::InvalidInput("--auto-merge writes a merge revision; --sql writes nothing")
          .WithHint("run `rev merge heads -m \"merge\"` first, then `rev upgrade --sql`");
    }
    return RunOfflinePlan(context, engine::Direction::kUpgrade, target);
  }
  REV_ASSIGN_OR_RETURN(OnlineRequest request,
                       MakeOnlineRequest(engine::Direction::kUpgrade, target, options.plan));
  REV_ASSIGN_OR_RETURN(request.target, AutoMerge(options, request.target, context));
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  request.backup = options.backup || settings->backup_before_upgrade;
  return RunOnlinePlan(context, request);
}

}  // namespace rev::cli
