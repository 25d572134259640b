#include "cli/commands/current.h"

#include "cli/database_session.h"
#include "cli/revision_view.h"
#include "engine/ids_json.h"
#include "engine/operations/squashed_heads.h"

namespace rev::cli {

void RegisterCurrent(CLI::App& app, Action* action) {
  auto options = std::make_shared<CurrentOptions>();
  CLI::App* command = app.add_subcommand("current", "Show the database's current heads");
  BindAction(command, options, RunCurrent, action);
}

Status RunCurrent(const CurrentOptions& /*options*/, Context& context) {
  context.SkipSections();  // runs no SQL
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  REV_ASSIGN_OR_RETURN(engine::RevisionIds read, session->backend().ReadHeads());
  engine::RevisionIds heads = engine::operations::ReadAsSquashed(read, *graph);
  Output& out = context.out();
  if (out.json()) {
    out.Document({{"current", heads}});
    return Status::Ok();
  }
  if (heads.empty()) out.Note("No revision is applied (base).");
  RevisionView view(*graph);
  for (const auto& head : heads) {
    const revisions::Revision* revision = graph->Find(head.str());
    if (revision == nullptr) {
      out.Print(head.str() +
                " (not in the revisions folder: the database is ahead of this checkout)");
    } else {
      out.Print(view.Line(*revision, {false, true, true}));
    }
  }
  return Status::Ok();
}

}  // namespace rev::cli
