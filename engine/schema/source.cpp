#include "engine/schema/source.h"

#include <fstream>
#include <sstream>

#include "engine/planner.h"

namespace rev::engine::schema {
namespace {

using backends::Backend;

// A database error while rev loads the user's SQL is bad input (exit 2): the location
// and the database's message stay as they were.
Status AsBadInput(const Status& status, const std::string& context) {
  if (status.ok() || status.code() == StatusCode::kInterrupted) return status;
  Status bad = Status::InvalidInput(context + ": " + status.message());
  if (status.location()) bad.At(*status.location());
  bad.WithHint(status.hint().empty() ? "fix the SQL at that line" : status.hint());
  return bad;
}

}  // namespace

Result<SchemaSource> SchemaSource::Parse(const std::string& text) {
  SchemaSource source;
  if (text == "schema") {
    source.kind = Kind::kSchemaFile;
    return source;
  }
  if (text == "database") {
    source.kind = Kind::kDatabase;
    return source;
  }
  REV_ASSIGN_OR_RETURN(source.target, ParseTarget(text));
  if (IsRelative(source.target)) {
    return Status::InvalidInput("a schema comes from schema, database or a revision, not '" + text +
                                "'")
        .WithHint("name the revision itself, or head");
  }
  return source;
}

std::string SchemaSource::ToString() const {
  switch (kind) {
    case Kind::kSchemaFile:
      return "schema";
    case Kind::kDatabase:
      return "database";
    case Kind::kRevisions:
      return TargetToString(target);
  }
  return "";
}

Result<std::string> ReadSchemaFile(const SchemaInputs& inputs) {
  std::ifstream in(inputs.schema_file, std::ios::binary);
  if (!in) {
    return Status::InvalidInput("cannot read the schema file " + inputs.schema_file_shown)
        .WithHint("write the schema you want there, or set schema: in rev.yaml");
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Status LoadSchemaFile(Backend& backend, const SchemaInputs& inputs) {
  REV_ASSIGN_OR_RETURN(std::string text, ReadSchemaFile(inputs));
  backends::ScriptSource source{inputs.schema_file_shown, 1};
  // In one transaction: one commit, where PostgreSQL would commit after each statement of
  // a script run outside one. A file holding what a transaction cannot (CREATE INDEX
  // CONCURRENTLY) fails there and is run again statement by statement, which also gives
  // the error of a file that does not load.
  if (ExecuteAsStep(backend, text, source, true).ok()) return Status::Ok();
  return AsBadInput(backend.ExecuteScript(text, source), "the schema file does not load");
}

Status ExecuteAsStep(Backend& backend, const std::string& sql, const backends::ScriptSource& source,
                     bool transactional) {
  if (!transactional) return backend.ExecuteScript(sql, source);
  REV_ASSIGN_OR_RETURN(auto transaction, backend.Begin());
  REV_RETURN_IF_ERROR(backend.ExecuteScript(sql, source));
  return transaction->Commit();
}

Status RunStepOnScratch(Backend& backend, const revisions::Revision& revision,
                        Direction direction) {
  bool up = direction == Direction::kUpgrade;
  const std::string& sql = up ? revision.upgrade_sql() : revision.downgrade_sql().value_or("");
  backends::ScriptSource source{
      revision.path(), up ? revision.upgrade_first_line() : revision.downgrade_first_line()};
  return AsBadInput(ExecuteAsStep(backend, sql, source, revision.transactional()),
                    "revision " + revision.id().str() + " fails on a scratch database");
}

Status RunPlanOnScratch(Backend& backend, const RevisionGraph& graph, const Plan& plan) {
  for (const Step& step : plan.steps) {
    REV_RETURN_IF_ERROR(RunStepOnScratch(backend, graph.Get(step.revision), step.direction));
  }
  return Status::Ok();
}

Status ReplayRevisions(Backend& backend, const RevisionGraph& graph, const Target& target) {
  REV_ASSIGN_OR_RETURN(Plan plan, PlanUpgrade(graph, {}, target));
  return RunPlanOnScratch(backend, graph, plan);
}

Result<Schema> LoadSchema(const SchemaSource& source, const SchemaInputs& inputs) {
  IntrospectOptions introspect = IntrospectOptionsFor(inputs.options);
  if (source.kind == SchemaSource::Kind::kDatabase) {
    if (!inputs.database) {
      return Status::InvalidInput("no database URL given")
          .WithHint("set database: in rev.yaml, REV_DATABASE_URL, or pass --database URL");
    }
    REV_ASSIGN_OR_RETURN(auto live, backends::OpenBackend(*inputs.database, inputs.options, false));
    return Introspect(*live, introspect);
  }
  REV_ASSIGN_OR_RETURN(auto scratch, inputs.scratch->Create());
  if (source.kind == SchemaSource::Kind::kSchemaFile) {
    REV_RETURN_IF_ERROR(LoadSchemaFile(scratch->backend(), inputs));
  } else {
    REV_RETURN_IF_ERROR(ReplayRevisions(scratch->backend(), *inputs.graph, source.target));
  }
  return Introspect(scratch->backend(), introspect);
}

}  // namespace rev::engine::schema
