// `rev create "msg" --autogenerate`: the part of `create` that writes the SQL itself.
#include "cli/commands/create.h"
#include "cli/new_revision.h"
#include "cli/schema_session.h"
#include "cli/schema_view.h"
#include "engine/schema/generate.h"
#include "engine/schema/proof.h"
#include "engine/schema/rename_hints.h"

namespace rev::cli {
namespace {

using engine::schema::GeneratedMigration;
using engine::schema::Schema;
using engine::schema::SchemaSource;

// The revisions the new one follows, as the source its head schema is replayed from.
Result<SchemaSource> HeadSource(const revisions::NewRevision& revision) {
  if (revision.down_revisions.size() > 1) {
    return Status::InvalidInput("--autogenerate writes a revision on one head, not on " +
                                std::to_string(revision.down_revisions.size()))
        .WithHint("join the heads first with `rev merge heads -m \"merge\"`");
  }
  SchemaSource source;
  if (revision.down_revisions.empty()) {
    source.target = engine::KeywordTarget{engine::Keyword::kBase, std::nullopt};
  } else {
    source.target = engine::NamedTarget{revision.down_revisions.front().str(), std::nullopt};
  }
  return source;
}

// --concurrently: PostgreSQL, and index changes alone (outside a transaction any other
// change would be left half done by a failure).
Status CheckConcurrently(const CreateOptions& options, engine::backends::DatabaseKind kind,
                         const GeneratedMigration& migration) {
  if (!options.concurrently) return Status::Ok();
  if (kind != engine::backends::DatabaseKind::kPostgres) {
    return Status::InvalidInput(
        "--concurrently is for PostgreSQL; SQLite builds an index in the step's transaction");
  }
  if (engine::schema::IndexChangesOnly(migration.upgrade)) return Status::Ok();
  return Status::InvalidInput(
             "--concurrently writes a revision of index changes only, and this one changes more")
      .WithHint(
          "write the other changes first (create --autogenerate without --concurrently, with "
          "the new indexes left out of schema.sql), then add the indexes");
}

void PrintPlan(Output& out, const GeneratedMigration& migration) {
  out.Note("upgrade:");
  for (const std::string& line : ChangeLines(migration.upgrade)) out.Note(line);
}

}  // namespace

Status RunCreateAutogenerate(const CreateOptions& options, Context& context,
                             revisions::NewRevision revision) {
  REV_ASSIGN_OR_RETURN(SchemaSource head, HeadSource(revision));
  REV_ASSIGN_OR_RETURN(auto session, SchemaSession::Open(context, true));
  REV_ASSIGN_OR_RETURN(Schema head_schema, session->Load(head));
  REV_ASSIGN_OR_RETURN(Schema desired,
                       session->Load(SchemaSource{SchemaSource::Kind::kSchemaFile, {}}));
  engine::schema::GenerateOptions generate;
  REV_ASSIGN_OR_RETURN(generate.hints, session->RenameHints(desired));
  generate.concurrently = options.concurrently;
  GeneratedMigration migration = engine::schema::GenerateMigration(head_schema, desired, generate);
  REV_RETURN_IF_ERROR(CheckConcurrently(options, session->kind(), migration));
  Output& out = context.out();
  for (const std::string& rename : migration.likely_renames) {
    out.Warning({"likely-rename", rename, {}, ""});
  }
  if (migration.empty()) {
    if (out.json()) out.Document({{"revision", nullptr}, {"changes", nlohmann::json::array()}});
    out.Note("Nothing to do: head already matches " + session->inputs().schema_file_shown +
             "; no revision written");
    return Status::Ok();
  }
  if (engine::schema::AnyDestructive(migration.upgrade) && !options.allow_destructive) {
    if (out.json())
      out.Document({{"revision", nullptr}, {"changes", ChangesJson(migration.upgrade)}});
    PrintPlan(out, migration);
    return Status::Failed("the changes include destructive ones (marked !); no revision written")
        .WithHint(migration.likely_renames.empty()
                      ? "pass --allow-destructive if they are meant"
                      : "a rename needs a `-- rev:renamed-from OLD` hint; else pass "
                        "--allow-destructive");
  }
  engine::schema::ProofRequest proof;
  proof.head = &head_schema;
  proof.desired = &desired;
  proof.changes = &migration.upgrade;
  proof.upgrade_sql = migration.upgrade_script;
  proof.downgrade_sql = migration.downgrade_script;
  proof.transactional = revision.transactional;
  proof.introspect = engine::schema::IntrospectOptionsFor(session->inputs().options);
  const engine::RevisionGraph& graph = *session->inputs().graph;
  proof.build_head = [&graph, &head](engine::backends::Backend& backend) {
    return engine::schema::ReplayRevisions(backend, graph, head.target);
  };
  Status proven = engine::schema::Prove(session->scratch(), proof);
  if (!proven.ok()) {
    if (proven.code() == StatusCode::kFailed) {
      PrintPlan(out, migration);
      proven.WithHint(
          "nothing was written; write this revision by hand, or change the schema file");
    }
    return proven;
  }
  revision.upgrade_sql = migration.upgrade_script;
  revision.downgrade_sql = migration.downgrade_script;
  PrintPlan(out, migration);
  out.Note("proven on a scratch database: the upgrade makes the schema, the downgrade head");
  if (!out.json()) return WriteRevision(context, std::move(revision));
  REV_ASSIGN_OR_RETURN(std::string path, WriteRevisionFile(context, &revision));
  out.Document({{"revision", revision.id.str()},
                {"path", path},
                {"changes", ChangesJson(migration.upgrade, &migration.upgrade_sql)},
                {"downgrade_changes", ChangesJson(migration.downgrade, &migration.downgrade_sql)},
                {"proven", true}});
  return Status::Ok();
}

}  // namespace rev::cli
