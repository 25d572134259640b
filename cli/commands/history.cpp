#include "cli/commands/history.h"

#include "cli/range_option.h"
#include "cli/revision_view.h"
#include "engine/planner.h"

namespace rev::cli {

void RegisterHistory(CLI::App& app, Action* action) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* command = app.add_subcommand("history", "List revisions, newest first");
  AddRangeOption(command, &options->range);
  BindAction(command, options, RunHistory, action);
}

Status RunHistory(const HistoryOptions& options, Context& context) {
  context.SkipChecksums();  // opens no database
  context.SkipSections();   // and shows no SQL
  REV_ASSIGN_OR_RETURN(std::optional<engine::TargetRange> range,
                       ParseRangeOption(options.range, "history"));
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(engine::RevisionIds ids, engine::HistoryRange(*graph, range));
  RevisionView view(*graph);
  Output& out = context.out();
  if (out.json()) {
    out.Document(view.JsonList(ids));
    return Status::Ok();
  }
  for (const auto& id : ids) {
    const revisions::Revision& revision = graph->Get(id);
    out.Print(out.verbose() ? view.Block(revision) : view.Line(revision, {true, true, true}));
  }
  return Status::Ok();
}

}  // namespace rev::cli
