#include "cli/schema_session.h"

#include "engine/schema/rename_hints.h"

namespace rev::cli {

using engine::backends::DatabaseKind;

SchemaSession::SchemaSession(Context* context, DatabaseKind kind,
                             const engine::operations::Settings& settings,
                             const engine::RevisionGraph* graph)
    : context_(context), scratch_(kind, settings.dev_database, settings.backend) {
  inputs_.graph = graph;
  inputs_.schema_file = settings.schema_file;
  inputs_.schema_file_shown = context->DisplayPath(settings.schema_file);
  inputs_.database = settings.database;
  inputs_.options = settings.backend;
  inputs_.scratch = &scratch_;
  watcher_.InterruptOnSignal([this] { scratch_.Interrupt(); },
                             "\nrev: interrupted; dropping the scratch databases\n");
}

Result<std::unique_ptr<SchemaSession>> SchemaSession::Open(Context& context, bool revisions) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  const engine::RevisionGraph* graph = nullptr;
  if (revisions) {
    REV_ASSIGN_OR_RETURN(graph, context.Graph());
  }
  DatabaseKind kind = settings->database       ? settings->database->kind()
                      : settings->dev_database ? settings->dev_database->kind()
                                               : DatabaseKind::kSqlite;
  return std::make_unique<SchemaSession>(&context, kind, *settings, graph);
}

Result<engine::schema::Schema> SchemaSession::Load(const engine::schema::SchemaSource& source) {
  REV_ASSIGN_OR_RETURN(engine::schema::Schema schema, engine::schema::LoadSchema(source, inputs_));
  for (const std::string& object : schema.not_compared) {
    context_->out().Warning({"not-compared",
                             object + " (in " + source.ToString() + ") is not compared yet",
                             {},
                             "review changes to it by hand"});
  }
  return schema;
}

Result<std::vector<engine::schema::RenameHint>> SchemaSession::RenameHints(
    const engine::schema::Schema& desired) const {
  REV_ASSIGN_OR_RETURN(std::string text, engine::schema::ReadSchemaFile(inputs_));
  return engine::schema::ReadRenameHints(text, inputs_.schema_file_shown, desired);
}

void AddDevDatabaseOption(CLI::App* command, GlobalOptions* globals) {
  command->add_option("--dev-database", globals->dev_database,
                      "PostgreSQL: a server for scratch databases (over rev.yaml's dev_database)");
}

}  // namespace rev::cli
