#include "cli/commands/branches.h"

#include "cli/revision_view.h"
#include "engine/ids_json.h"

namespace rev::cli {

void RegisterBranches(CLI::App& app, Action* action) {
  auto options = std::make_shared<BranchesOptions>();
  CLI::App* command = app.add_subcommand("branches", "Show branch points and their children");
  BindAction(command, options, RunBranches, action);
}

Status RunBranches(const BranchesOptions& /*options*/, Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.HeaderGraph());
  Output& out = context.out();
  RevisionView view(*graph);
  nlohmann::json branches = nlohmann::json::array();
  const engine::RevisionIds& order = graph->UpgradeOrder();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (!graph->IsBranchPoint(*it)) continue;
    engine::RevisionIds children = graph->Children(*it);
    branches.push_back({{"revision", *it}, {"children", children}});
    if (out.json()) continue;
    const revisions::Revision& point = graph->Get(*it);
    out.Print(out.verbose() ? view.Block(point) : view.Line(point, {}));
    std::string indent(it->str().size(), ' ');
    for (const auto& child : children) {
      out.Print(indent + " -> " + view.Line(graph->Get(child), {false, true, out.verbose()}));
    }
  }
  if (out.json()) out.Document({{"branches", branches}});
  return Status::Ok();
}

}  // namespace rev::cli
