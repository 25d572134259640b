#include "cli/commands/diff.h"

#include "cli/schema_session.h"
#include "cli/schema_view.h"
#include "engine/schema/diff.h"
#include "engine/schema/rename_hints.h"
#include "engine/schema/render.h"

namespace rev::cli {
namespace {

using engine::schema::RenameHint;
using engine::schema::Schema;
using engine::schema::SchemaSource;

// The schema file's rename hints, oriented from `from` to `to` (none unless one side is
// the schema file).
Result<std::vector<RenameHint>> HintsBetween(const SchemaSession& session, const SchemaSource& from,
                                             const Schema& from_schema, const SchemaSource& to,
                                             const Schema& to_schema) {
  bool to_file = to.kind == SchemaSource::Kind::kSchemaFile;
  bool from_file = from.kind == SchemaSource::Kind::kSchemaFile;
  if (to_file == from_file) return std::vector<RenameHint>{};
  REV_ASSIGN_OR_RETURN(auto hints, session.RenameHints(to_file ? to_schema : from_schema));
  return to_file ? hints : engine::schema::ReversedHints(hints);
}

}  // namespace

void RegisterDiff(CLI::App& app, GlobalOptions* globals, Action* action) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* command =
      app.add_subcommand("diff", "Print the SQL that takes one schema to another (exit 1: differ)");
  command->add_option("--from", options->from, "schema, database or a revision (default: head)");
  command->add_option("--to", options->to, "schema, database or a revision (default: schema)");
  AddDevDatabaseOption(command, globals);
  BindAction(command, options, RunDiff, action);
}

Status RunDiff(const DiffOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(SchemaSource from, SchemaSource::Parse(options.from));
  REV_ASSIGN_OR_RETURN(SchemaSource to, SchemaSource::Parse(options.to));
  REV_ASSIGN_OR_RETURN(auto session, SchemaSession::Open(context, from.replays_revisions() ||
                                                                      to.replays_revisions()));
  REV_ASSIGN_OR_RETURN(Schema from_schema, session->Load(from));
  REV_ASSIGN_OR_RETURN(Schema to_schema, session->Load(to));
  REV_ASSIGN_OR_RETURN(auto hints, HintsBetween(*session, from, from_schema, to, to_schema));
  engine::schema::Changes changes = engine::schema::Diff(from_schema, to_schema, {hints});
  std::vector<std::string> sql = engine::schema::RenderChanges(changes, session->kind());
  std::string script = engine::schema::RenderScript(changes, sql);
  std::vector<std::string> renames = engine::schema::LikelyRenames(changes);
  Output& out = context.out();
  if (out.json()) {
    out.Document({{"from", from.ToString()},
                  {"to", to.ToString()},
                  {"same", changes.empty()},
                  {"changes", ChangesJson(changes, &sql)},
                  {"sql", script},
                  {"likely_renames", renames}});
  } else if (!script.empty()) {
    script.pop_back();  // Print ends the line
    out.Print(script);
  }
  for (const std::string& rename : renames) {
    out.Warning({"likely-rename", rename, {}, ""});
  }
  if (changes.empty()) {
    out.Note(from.ToString() + " and " + to.ToString() + " are the same");
    return Status::Ok();
  }
  return Status::Failed(from.ToString() + " and " + to.ToString() +
                        " differ: " + std::to_string(changes.size()) + " change" +
                        (changes.size() == 1 ? "" : "s"));
}

}  // namespace rev::cli
