#include "cli/commands/completion.h"

#include <set>

#include "cli/completion_script.h"

namespace rev::cli {
namespace {

Status PrintScript(const CLI::App& app, const std::string& shell, Context& context) {
  REV_ASSIGN_OR_RETURN(CommandTable table, ReadCommandTable(app));
  std::string script = shell == "bash"  ? BashCompletion(table)
                       : shell == "zsh" ? ZshCompletion(table)
                                        : FishCompletion(table);
  script.pop_back();  // Print ends the line
  context.out().Print(script);
  return Status::Ok();
}

Status RunCompleteTargets(const CompleteTargetsOptions& options, Context& context) {
  context.SkipChecksums();
  context.SkipSections();
  Result<const revisions::FolderScan*> scan = context.Scan();
  if (!scan.ok()) return Status::Ok();  // not in a project: nothing to offer
  std::set<std::string> candidates = {"head", "heads", "base"};
  for (const revisions::Revision& revision : (*scan)->revisions) {
    candidates.insert(revision.id().str());
    for (const revisions::BranchLabel& label : revision.branch_labels()) {
      candidates.insert(label.str());
      candidates.insert(label.str() + "@head");
    }
  }
  for (const std::string& candidate : candidates) {
    if (candidate.compare(0, options.prefix.size(), options.prefix) == 0) {
      context.out().Print(candidate);
    }
  }
  return Status::Ok();
}

}  // namespace

void RegisterCompletion(CLI::App& app, Action* action) {
  auto options = std::make_shared<CompletionOptions>();
  CLI::App* command =
      app.add_subcommand("completion", "Print the shell completion script: bash, zsh or fish");
  command->add_option("shell", options->shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  const CLI::App* root = &app;
  command->callback([options, root, action] {
    *action = [options, root](Context& context) {
      return PrintScript(*root, options->shell, context);
    };
  });

  auto targets = std::make_shared<CompleteTargetsOptions>();
  CLI::App* hidden = app.add_subcommand("__complete-targets", "")->group("");
  hidden->add_option("prefix", targets->prefix);
  BindAction(hidden, targets, RunCompleteTargets, action);
}

}  // namespace rev::cli
