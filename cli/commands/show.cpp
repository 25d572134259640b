#include "cli/commands/show.h"

#include "cli/revision_view.h"
#include "cli/schema_view.h"
#include "cli/step_changes.h"
#include "engine/target.h"

namespace rev::cli {

void RegisterShow(CLI::App& app, Action* action) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* command = app.add_subcommand("show", "Show a revision: id, prefix, label, head(s)");
  command->add_option("revision", options->target, "the revision to show")->required();
  BindAction(command, options, RunShow, action);
}

Status RunShow(const ShowOptions& options, Context& context) {
  context.SkipChecksums();  // opens no database; the sections replay on a scratch one
  REV_ASSIGN_OR_RETURN(engine::Target target, engine::ParseTarget(options.target));
  if (engine::IsRelative(target)) {
    return Status::InvalidInput("show takes a revision (id, prefix, label, head or heads), not '" +
                                options.target + "'")
        .WithHint("`rev history -r START:END` lists a range");
  }
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(engine::RevisionIds ids, engine::ResolveTarget(*graph, target));
  RevisionView view(*graph);
  Output& out = context.out();
  // What each revision's upgrade changes, from its parents.
  std::vector<std::optional<engine::schema::Changes>> changes;
  for (const auto& id : ids) {
    auto found = FindStepChanges(context, *graph, PlanOfRevision(*graph, id));
    changes.push_back(found ? std::optional(std::move(found->front())) : std::nullopt);
  }
  if (out.json()) {
    nlohmann::json document = view.JsonList(ids);
    for (size_t i = 0; i < ids.size(); ++i) {
      if (changes[i]) document["revisions"][i]["changes"] = ChangesJson(*changes[i]);
    }
    out.Document(document);
    return Status::Ok();
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out.Print("");
    std::string block = view.Block(graph->Get(ids[i]));
    block.pop_back();  // Print ends the line
    out.Print(block);
    if (!changes[i]) continue;
    out.Print("Changes:");
    for (const std::string& line : StepChangeLines(*changes[i])) out.Print(line);
  }
  return Status::Ok();
}

}  // namespace rev::cli
