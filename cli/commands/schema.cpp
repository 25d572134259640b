#include "cli/commands/schema.h"

#include "cli/schema_session.h"
#include "cli/schema_view.h"

namespace rev::cli {

void RegisterSchema(CLI::App& app, GlobalOptions* globals, Action* action) {
  auto options = std::make_shared<SchemaOptions>();
  CLI::App* command =
      app.add_subcommand("schema", "Show the tables and columns of a schema (default: database)");
  command->add_option("source", options->source,
                      "database, schema or a revision (head, base, an id)");
  AddDevDatabaseOption(command, globals);
  BindAction(command, options, RunSchema, action);
}

Status RunSchema(const SchemaOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(auto source, engine::schema::SchemaSource::Parse(options.source));
  REV_ASSIGN_OR_RETURN(auto session, SchemaSession::Open(context, source.replays_revisions()));
  REV_ASSIGN_OR_RETURN(engine::schema::Schema schema, session->Load(source));
  Output& out = context.out();
  if (out.json()) {
    nlohmann::json document = SchemaJson(schema);
    document["source"] = source.ToString();
    out.Document(document);
    return Status::Ok();
  }
  for (const std::string& line : SchemaLines(schema)) out.Print(line);
  return Status::Ok();
}

}  // namespace rev::cli
