#include "cli/commands/graph.h"

#include "cli/database_session.h"
#include "cli/graph_dot.h"
#include "cli/graph_mermaid.h"
#include "cli/graph_picture.h"
#include "cli/graph_svg.h"
#include "cli/range_option.h"
#include "engine/operations/squashed_heads.h"
#include "engine/planner.h"

namespace rev::cli {
namespace {

// Where the database stands, read without changing anything (as `rev current`).
Result<DatabaseStand> ReadStand(Context& context, const engine::RevisionGraph& graph) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  DatabaseStand stand;
  stand.where = session->url().Redacted();
  REV_ASSIGN_OR_RETURN(engine::RevisionIds heads, session->backend().ReadHeads());
  stand.heads = engine::operations::ReadAsSquashed(heads, graph);  // sorted
  return stand;
}

}  // namespace

void RegisterGraph(CLI::App& app, Action* action) {
  auto options = std::make_shared<GraphOptions>();
  CLI::App* command =
      app.add_subcommand("graph", "Draw the revision graph: Graphviz DOT, Mermaid or SVG");
  AddRangeOption(command, &options->range);
  command->add_option("--format", options->format, "dot (default), mermaid or svg (needs dot)")
      ->check(CLI::IsMember({"dot", "mermaid", "svg"}));
  command->add_flag("--db", options->database,
                    "mark the database's current heads and applied vs pending revisions");
  BindAction(command, options, RunGraph, action);
}

Status RunGraph(const GraphOptions& options, Context& context) {
  context.SkipSections();                          // draws no SQL
  if (!options.database) context.SkipChecksums();  // and without --db opens no database
  if (context.out().json()) {
    return Status::InvalidInput("rev graph draws a picture; it has no --json form")
        .WithHint("`rev history --json` lists the revisions with their parents and depends_on");
  }
  REV_ASSIGN_OR_RETURN(std::optional<engine::TargetRange> range,
                       ParseRangeOption(options.range, "graph"));
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(engine::RevisionIds ids, engine::HistoryRange(*graph, range));
  std::optional<DatabaseStand> stand;
  if (options.database) {
    REV_ASSIGN_OR_RETURN(stand, ReadStand(context, *graph));
  }
  GraphPicture picture = CollectGraphPicture(*graph, ids, std::move(stand));
  std::string text;
  if (options.format == "mermaid") {
    text = RenderMermaid(picture);
  } else if (options.format == "svg") {
    REV_ASSIGN_OR_RETURN(text, RenderSvg(RenderDot(picture)));
  } else {
    text = RenderDot(picture);
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();  // Print ends the line
  context.out().Print(text);
  return Status::Ok();
}

}  // namespace rev::cli
