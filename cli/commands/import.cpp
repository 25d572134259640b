#include "cli/commands/import.h"

#include <chrono>
#include <map>

#include "cli/import_adopt.h"
#include "cli/import_files.h"
#include "cli/import_report.h"
#include "cli/signal_watcher.h"
#include "engine/importers/readers.h"
#include "revisions/naming.h"

namespace rev::cli {
namespace {

using engine::importers::ImportedProject;
using engine::importers::ImportedRevisions;

Result<std::map<std::string, std::string>> ParsePlaceholders(
    const std::vector<std::string>& entries) {
  std::map<std::string, std::string> values;
  for (const std::string& entry : entries) {
    size_t equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Status::InvalidInput("--placeholder '" + entry + "' is not name=value")
          .WithHint("write it as --placeholder schema=public");
    }
    values[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  return values;
}

std::string SourcePath(const ImportOptions& options, engine::importers::SourceTool tool) {
  return options.path.empty() ? std::string(engine::importers::DefaultSourcePath(tool))
                              : options.path;
}

// Reads the source and writes the revisions. Ctrl-C ends the run at once while reading (a
// running Alembic is stopped); once writing starts it waits, so that every file or none is
// written.
Result<ImportedRevisions> ReadAndWrite(const ImportOptions& options, Context& context,
                                       engine::importers::SourceTool tool, ImportedProject* project,
                                       std::optional<Adoption>* adoption,
                                       std::vector<PlannedFile>* files) {
  engine::importers::ReadOptions read;
  REV_ASSIGN_OR_RETURN(read.placeholders, ParsePlaceholders(options.placeholders));
  read.python = options.python;
  SignalWatcher watcher;
  read.interrupted = watcher.flag();
  REV_ASSIGN_OR_RETURN(*project,
                       engine::importers::ReadProject(tool, SourcePath(options, tool), read));
  const auto now = std::chrono::system_clock::now();
  REV_ASSIGN_OR_RETURN(
      ImportedRevisions imported,
      engine::importers::ToRevisions(*project, revisions::FormatUtcTimestamp(now)));
  REV_ASSIGN_OR_RETURN(*files, PlanImportFiles(context, imported, now));
  if (options.adopt) {
    REV_ASSIGN_OR_RETURN(*adoption, Adoption::Read(context, *project, imported));
  }
  watcher.StopInterrupting();
  REV_RETURN_IF_ERROR(WriteNewFiles(*files));
  return imported;
}

}  // namespace

void RegisterImport(CLI::App& app, Action* action) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* command = app.add_subcommand(
      "import", "Make revisions of another tool's migrations (and --adopt its database)");
  command->add_option("tool", options->tool, "alembic, flyway, golang-migrate, dbmate or sqitch")
      ->required();
  command->add_option("path", options->path,
                      "the tool's project or migrations folder (default: the tool's own: "
                      "alembic ., flyway sql, golang-migrate migrations, dbmate db/migrations, "
                      "sqitch .)");
  command->add_flag("--adopt", options->adopt,
                    "also record where the project's database stands, as the tool's table says");
  command->add_option("--placeholder", options->placeholders,
                      "a Flyway ${name} placeholder's value, as name=value (repeatable)");
  command->add_option("--python", options->python,
                      "the Python whose Alembic reads an Alembic project (default python3)");
  BindAction(command, options, RunImport, action);
}

Status RunImport(const ImportOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(engine::importers::SourceTool tool,
                       engine::importers::ParseSourceTool(options.tool));
  // The project must exist before anything is read: the revisions go into its folder.
  REV_RETURN_IF_ERROR(context.Config().status());
  ImportedProject project;
  std::optional<Adoption> adoption;
  std::vector<PlannedFile> files;
  REV_ASSIGN_OR_RETURN(ImportedRevisions imported,
                       ReadAndWrite(options, context, tool, &project, &adoption, &files));
  context.ReloadRevisions();
  ImportReport report{std::string(engine::importers::ToolName(tool)),
                      SourcePath(options, tool),
                      &imported,
                      &files,
                      &project.notices,
                      std::nullopt};
  if (adoption) {
    REV_ASSIGN_OR_RETURN(report.adopt, adoption->Record(context, project));
  }
  PrintImportReport(context.out(), report);
  return Status::Ok();
}

}  // namespace rev::cli
