#include "cli/commands/heads.h"

#include "cli/revision_view.h"
#include "engine/ids_json.h"

namespace rev::cli {

void RegisterHeads(CLI::App& app, Action* action) {
  auto options = std::make_shared<HeadsOptions>();
  CLI::App* command = app.add_subcommand("heads", "Show the heads of the revision graph");
  BindAction(command, options, RunHeads, action);
}

Status RunHeads(const HeadsOptions& /*options*/, Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.HeaderGraph());
  engine::RevisionIds heads = graph->Heads();
  Output& out = context.out();
  if (out.json()) {
    out.Document({{"heads", heads}});
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
