#include "cli/commands/stamp.h"

#include "cli/confirm.h"
#include "cli/database_session.h"
#include "cli/run_report.h"
#include "cli/signal_watcher.h"
#include "engine/operations/migrator.h"
#include "engine/target.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

Result<engine::RevisionIds> Resolve(const engine::RevisionGraph& graph, const std::string& text) {
  REV_ASSIGN_OR_RETURN(engine::Target target, engine::ParseTarget(text));
  if (engine::IsRelative(target)) {
    return Status::InvalidInput("stamp takes the revisions to record, not '" + text + "'")
        .WithHint("name them: an id, head, heads, base or label@head");
  }
  return engine::ResolveTarget(graph, target);
}

}  // namespace

void RegisterStamp(CLI::App& app, Action* action) {
  auto options = std::make_shared<StampOptions>();
  CLI::App* command =
      app.add_subcommand("stamp", "Set the version table to TARGET without running SQL");
  command->add_option("target", options->target, "head, heads, base, REV, label@head")->required();
  command->add_flag("--purge", options->purge,
                    "replace version-table rows the folder does not know");
  BindAction(command, options, RunStamp, action);
}

Status RunStamp(const StampOptions& options, Context& context) {
  context.SkipSections();  // runs no SQL
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(engine::RevisionIds heads, Resolve(*graph, options.target));
  std::sort(heads.begin(), heads.end());

  SignalWatcher watcher;  // Ctrl-C ends the run; the stamp's transaction then rolls back
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true));
  // --purge replaces whatever the table holds, a revision inside a squash included.
  REV_RETURN_IF_ERROR(options.purge ? session->Lock() : session->Lock(*graph));
  REV_ASSIGN_OR_RETURN(std::optional<engine::RevisionIds> before,
                       engine::operations::ReadHeadsToStamp(session->backend(), options.purge));
  // --purge replaces rows that are not revision ids without reading them.
  const std::string was = before ? revisions::HeadsText(*before) : "rows that are not revision ids";
  if (settings->confirm) {
    REV_RETURN_IF_ERROR(Confirm(context, {},
                                "Stamp " + session->url().Redacted() + " as " +
                                    revisions::HeadsText(heads) + " (now " + was +
                                    "; no SQL runs)"));
  }
  engine::backends::HistoryRow recorded;
  REV_RETURN_IF_ERROR(engine::operations::Stamp(session->backend(), *graph, heads, options.purge,
                                                RunOptions(nullptr), &recorded));
  session->Journal(context.out(), "stamp", heads);
  RunReport report;
  report.command = "stamp";
  report.from = recorded.from_heads;
  report.heads = heads;
  report.steps = {OutcomeOf(recorded)};
  report.summary = "Stamped " + revisions::HeadsText(heads) + " (was " + was + "); no SQL was run.";
  PrintRunReport(context.out(), report, Status::Ok());
  return Status::Ok();
}

}  // namespace rev::cli
