#include "cli/commands/validate.h"

#include "cli/database_session.h"
#include "cli/schema_session.h"
#include "engine/schema/diff.h"
#include "validators/database_rules.h"
#include "validators/schema_rules.h"
#include "validators/validate.h"

namespace rev::cli {
namespace {

using validators::Finding;
using validators::Findings;

nlohmann::json FindingJson(const Finding& finding) {
  nlohmann::json entry = {{"code", finding.code},
                          {"severity", validators::SeverityName(finding.severity)},
                          {"message", finding.message}};
  Output::AddLocation(finding.location, &entry);
  if (!finding.hint.empty()) entry["hint"] = finding.hint;
  nlohmann::json related = nlohmann::json::array();
  for (const SourceLocation& location : finding.related) {
    nlohmann::json where;
    Output::AddLocation(location, &where);
    related.push_back(std::move(where));
  }
  if (!related.empty()) entry["related"] = std::move(related);
  return entry;
}

// --db: the database's findings, or one `database-unreadable` error when it cannot be read.
// Fails (exit 2) only when no database is configured or its URL is bad.
Status AddDatabaseFindings(Context& context, const validators::FolderFacts& facts,
                           Findings* findings) {
  Result<std::unique_ptr<DatabaseSession>> session =
      DatabaseSession::Open(context, /*writable=*/false);
  if (!session.ok() && session.status().code() == StatusCode::kInvalidInput) {
    return session.status();
  }
  Status read = session.ok() ? Status::Ok() : session.status();
  validators::DatabaseFacts database;
  if (read.ok()) {
    engine::backends::Backend& backend = (*session)->backend();
    database.where = (*session)->url().Redacted();
    Result<engine::operations::DatabaseState> state =
        facts.graph ? engine::operations::ReadDatabaseState(backend, *facts.graph)
                    : engine::operations::ReadDatabaseState(backend);
    Result<bool> held = backend.IsMigrationLockHeld();
    read = !state.ok() ? state.status() : !held.ok() ? held.status() : Status::Ok();
    if (read.ok()) {
      database.state = std::move(state).value();
      database.lock_held = *held;
    }
  }
  if (!read.ok()) {
    findings->push_back(
        validators::FindingFromStatus("database-unreadable", validators::Severity::kError, read));
    return Status::Ok();
  }
  validators::ValidateDatabase(facts, database, findings);
  return Status::Ok();
}

// --schema: head against the schema file, replayed and loaded on scratch databases. A
// folder whose revisions cannot make a graph was reported already; a revision or schema
// file that does not load is one finding.
Status AddSchemaFindings(Context& context, Findings* findings) {
  if (validators::CountErrors(*findings) > 0) return Status::Ok();
  REV_ASSIGN_OR_RETURN(auto session, SchemaSession::Open(context, true));
  using engine::schema::SchemaSource;
  auto head = session->Load(SchemaSource::Parse("head").value());
  auto desired =
      head.ok() ? session->Load(SchemaSource{SchemaSource::Kind::kSchemaFile, {}}) : head;
  if (!desired.ok()) {
    if (desired.status().code() == StatusCode::kInterrupted) return desired.status();
    findings->push_back(validators::FindingFromStatus(
        "schema-unloadable", validators::Severity::kError, desired.status()));
    return Status::Ok();
  }
  validators::ValidateSchemaAgainstHead(engine::schema::Diff(*head, *desired),
                                        session->inputs().schema_file_shown, findings);
  return Status::Ok();
}

std::string Count(size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

void RegisterValidate(CLI::App& app, GlobalOptions* globals, Action* action) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command =
      app.add_subcommand("validate", "Check the revisions folder; exit 1 on errors");
  command->add_flag("--strict", options->strict, "count warnings as errors");
  command->add_flag("--db", options->db, "check the database too: drift, missing revisions");
  command->add_flag("--schema", options->schema,
                    "check that head matches the schema file (replays every revision)");
  AddDevDatabaseOption(command, globals);
  BindAction(command, options, RunValidate, action);
}

Status RunValidate(const ValidateOptions& options, Context& context) {
  if (!options.db) context.SkipChecksums();     // only the database rules compare them
  if (!options.schema) context.SkipSections();  // whether a section is blank is kept
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  REV_ASSIGN_OR_RETURN(const revisions::FolderScan* scan, context.Scan());
  validators::FolderFacts facts =
      validators::GatherFolderFacts(*scan, {config->file_template, config->warnings});
  Findings findings = validators::ValidateFolder(facts);
  size_t revision_count = scan->revisions.size();  // --schema's graph takes the scan's
  if (options.db) REV_RETURN_IF_ERROR(AddDatabaseFindings(context, facts, &findings));
  if (options.schema) REV_RETURN_IF_ERROR(AddSchemaFindings(context, &findings));
  validators::SortFindings(&findings);
  if (options.strict) validators::MakeWarningsErrors(&findings);
  size_t errors = validators::CountErrors(findings);
  size_t warnings = validators::CountWarnings(findings);

  Output& out = context.out();
  if (out.json()) {
    nlohmann::json document = {{"errors", nlohmann::json::array()},
                               {"warnings", nlohmann::json::array()}};
    for (const Finding& finding : findings) {
      bool error = finding.severity == validators::Severity::kError;
      document[error ? "errors" : "warnings"].push_back(FindingJson(finding));
    }
    out.Document(document);
  } else {
    for (const Finding& finding : findings) {
      out.Diagnostic(validators::SeverityName(finding.severity), finding.location, finding.message,
                     finding.code, finding.hint);
    }
  }
  if (errors > 0) {
    return Status::Failed("validation found " + Count(errors, "error") +
                          (warnings > 0 ? " and " + Count(warnings, "warning") : ""));
  }
  out.Note("ok: " + Count(revision_count, "revision") + ", " +
           Count(facts.graph ? facts.graph->Heads().size() : 0, "head") +
           (warnings > 0 ? ", " + Count(warnings, "warning") : ""));
  return Status::Ok();
}

}  // namespace rev::cli
