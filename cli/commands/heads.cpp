#include "cli/commands/heads.h"

#include "cli/revision_view.h"

namespace rev::cli {

void RegisterHeads(CLI::App& app, Action* action) {
  auto options = std::make_shared<HeadsOptions>();
  CLI::App* command = app.add_subcommand("heads", "Show the heads of the revision graph");
  BindAction(command, options, RunHeads, action);
}

Status RunHeads(const HeadsOptions& /*options*/, Context& context) {
  context.SkipChecksums();  // opens no database
  context.SkipSections();   // and shows no SQL
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  engine::RevisionIds heads = graph->Heads();
  Output& out = context.out();
  if (out.json()) {
    nlohmann::json ids = nlohmann::json::array();
    for (const auto& id : heads) ids.push_back(id.str());
    out.Document({{"heads", ids}});
    return Status::Ok();
  }
  RevisionView view(*graph);
  for (const auto& id : heads) {
    const revisions::Revision& head = graph->Get(id);
    out.Print(out.verbose() ? view.Block(head) : view.Line(head, {false, false, false}));
  }
  return Status::Ok();
}

}  // namespace rev::cli
