#include "cli/commands/merge.h"

#include "cli/new_revision.h"
#include "cli/revision_view.h"
#include "engine/merge.h"
#include "revisions/join.h"

namespace rev::cli {

void RegisterMerge(CLI::App& app, Action* action) {
  auto options = std::make_shared<MergeOptions>();
  CLI::App* command = app.add_subcommand("merge", "Write a merge revision joining several heads");
  command->add_option("revisions", options->revisions,
                      "revisions to join: ids, prefixes, labels, or heads (default)");
  command->add_option("-m,--message", options->message, "what the merge is for");
  command->add_option("--rev-id", options->rev_id, "the id (default: 12 random hex digits)");
  command->add_option("--branch-label", options->branch_labels, "a branch label to declare");
  BindAction(command, options, RunMerge, action);
}

Status RunMerge(const MergeOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.HeaderGraph());
  std::vector<engine::Target> requested;
  for (const std::string& text : options.revisions) {
    REV_ASSIGN_OR_RETURN(engine::Target target, engine::ParseTarget(text));
    requested.push_back(std::move(target));
  }
  if (requested.empty()) requested.push_back(engine::KeywordTarget{engine::Keyword::kHeads, {}});
  REV_ASSIGN_OR_RETURN(engine::RevisionIds parents, engine::MergeParents(*graph, requested));
  REV_ASSIGN_OR_RETURN(auto labels, NewBranchLabels(*graph, options.branch_labels));
  REV_ASSIGN_OR_RETURN(revisions::RevisionId id, ChooseRevisionId(*graph, options.rev_id));
  std::string message =
      options.message.empty() ? "merge " + revisions::Join(parents) : options.message;
  revisions::NewRevision revision{std::move(id),
                                  std::move(parents),
                                  std::move(labels),
                                  {},
                                  std::move(message),
                                  "",
                                  true,
                                  "",
                                  ""};
  return WriteRevision(context, std::move(revision));
}

}  // namespace rev::cli
