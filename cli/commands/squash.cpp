#include "cli/commands/squash.h"

#include <filesystem>
#include <system_error>

#include "cli/new_revision.h"
#include "cli/schema_session.h"
#include "cli/schema_view.h"
#include "engine/schema/squash.h"
#include "engine/squash_stretch.h"
#include "engine/target.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

namespace fs = std::filesystem;
using engine::SquashStretch;
using engine::schema::DataStatement;
using engine::schema::SchemaSource;
using engine::schema::SquashedSql;

// TARGET as the one revision it names.
Result<engine::RevisionId> ResolveOne(const engine::RevisionGraph& graph, const std::string& text) {
  REV_ASSIGN_OR_RETURN(engine::Target target, engine::ParseTarget(text));
  if (engine::IsRelative(target)) {
    return Status::InvalidInput("squash takes a revision (id, prefix, label or head), not '" +
                                text + "'");
  }
  REV_ASSIGN_OR_RETURN(engine::RevisionIds ids, engine::ResolveTarget(graph, target));
  if (ids.size() == 1) return ids.front();
  return Status::InvalidInput("'" + text + "' names " + std::to_string(ids.size()) +
                              " revisions (" + engine::DescribeRevisions(graph, ids) +
                              "); squash replaces the history up to one")
      .WithHint("merge them first (`rev merge heads`) and squash up to the merge");
}

std::vector<DataStatement> DataStatementsOf(const engine::RevisionGraph& graph,
                                            const SquashStretch& stretch) {
  std::vector<DataStatement> all;
  for (const engine::RevisionId& id : stretch.revisions) {
    std::vector<DataStatement> found = engine::schema::FindDataStatements(graph.Get(id));
    all.insert(all.end(), found.begin(), found.end());
  }
  return all;
}

// Lists the data statements; refuses them unless they are to be kept.
Status CheckDataStatements(Output& out, const std::vector<DataStatement>& data, bool keep) {
  if (data.empty()) return Status::Ok();
  for (const DataStatement& statement : data) {
    out.Note((keep ? "keeping " : "") + statement.path + ":" + std::to_string(statement.line) +
             ": " + statement.first_line);
  }
  if (keep) return Status::Ok();
  return Status::InvalidInput(std::to_string(data.size()) + " data statement" +
                              (data.size() == 1 ? "" : "s") +
                              " in the replaced revisions (listed above) would be lost: the "
                              "squashed revision builds the schema, not the rows; nothing written")
      .WithHint("pass --keep-data-statements to append them, in upgrade order, after the schema");
}

// The schemas at base and at the target, the squashed SQL, and its proof.
Result<SquashedSql> BuildProven(Context& context, const SquashStretch& stretch,
                                const std::vector<DataStatement>& kept) {
  REV_ASSIGN_OR_RETURN(auto session, SchemaSession::Open(context, true));
  REV_ASSIGN_OR_RETURN(
      engine::schema::Schema base,
      session->Load(SchemaSource{SchemaSource::Kind::kRevisions,
                                 engine::KeywordTarget{engine::Keyword::kBase, std::nullopt}}));
  REV_ASSIGN_OR_RETURN(
      engine::schema::Schema target,
      session->Load(SchemaSource{SchemaSource::Kind::kRevisions,
                                 engine::NamedTarget{stretch.target.str(), std::nullopt}}));
  // What rev cannot compare it cannot rebuild either: the proof would pass without it.
  if (!target.not_compared.empty()) {
    return Status::Failed("the schema at " + stretch.target.str() + " holds what rev cannot " +
                          "rebuild from its catalog: " +
                          revisions::Join(target.not_compared, ", ") + "; nothing written")
        .WithHint("keep these revisions as they are, or squash up to a revision before it");
  }
  SquashedSql sql = engine::schema::RenderSquashedSql(base, target, kept);
  engine::schema::SquashProof proof{&base, &target, &sql,
                                    engine::schema::IntrospectOptionsFor(session->inputs().options),
                                    "the squashed revision"};
  engine::schema::Changes left;
  Status proven = engine::schema::ProveSquash(session->scratch(), proof, &left);
  if (!proven.ok()) {
    for (const std::string& line : ChangeLines(left)) context.out().Note(line);
    return proven.WithHint(
        "nothing was written; a kept data statement must fit the schema at the target, and "
        "what the schema engine cannot rebuild needs these revisions kept as they are");
  }
  // A section of only comments runs nothing and is accepted: a stretch that left no schema.
  if (sql.upgrade_sql.empty()) sql.upgrade_sql = "-- the replaced revisions leave no schema";
  if (sql.downgrade_sql.empty()) sql.downgrade_sql = "-- nothing to drop";
  return sql;
}

// Removes the replaced files; the names of those that could not be removed.
std::vector<std::string> RemoveReplaced(const engine::RevisionGraph& graph,
                                        const revisions::ProjectConfig& config,
                                        const SquashStretch& stretch) {
  std::vector<std::string> left;
  for (const engine::RevisionId& id : stretch.revisions) {
    const revisions::Revision& revision = graph.Get(id);
    std::error_code error;
    fs::remove(config.revisions_dir() / fs::path(revision.path()).filename(), error);
    if (error) left.push_back(revision.path() + " (" + error.message() + ")");
  }
  return left;
}

Status Summarize(Context& context, const revisions::NewRevision& revision, const std::string& path,
                 size_t replaced, size_t kept, const std::vector<std::string>& left) {
  Output& out = context.out();
  if (out.json()) {
    nlohmann::json replaces = nlohmann::json::array();
    for (const auto& id : revision.replaces) replaces.push_back(id.str());
    out.Document({{"revision", revision.id.str()}, {"path", path}, {"replaces", replaces}});
  } else {
    out.Print(path);
    out.Note("Squashed " + std::to_string(replaced) + " revisions into " + revision.id.str() +
             " (proven on a scratch database)" +
             (kept > 0 ? "; kept " + std::to_string(kept) + " data statements" : "") + ".");
  }
  if (left.empty()) return Status::Ok();
  return Status::Failed("the squashed revision is written, but " + std::to_string(left.size()) +
                        " replaced file" + (left.size() == 1 ? "" : "s") +
                        " could not be removed: " + revisions::Join(left, ", "))
      .WithHint("delete them by hand: the folder is refused while they are there");
}

}  // namespace

void RegisterSquash(CLI::App& app, GlobalOptions* globals, Action* action) {
  auto options = std::make_shared<SquashOptions>();
  CLI::App* command = app.add_subcommand(
      "squash", "Replace TARGET and every revision before it with one base revision");
  command->add_option("target", options->target, "the last revision to replace")->required();
  command->add_option("-m,--message", options->message, "what the squashed revision says");
  command->add_option("--rev-id", options->rev_id, "the id (default: 12 random hex digits)");
  command->add_flag("--keep-data-statements", options->keep_data_statements,
                    "append the replaced revisions' INSERT/UPDATE/DELETE... after the schema");
  AddDevDatabaseOption(command, globals);
  BindAction(command, options, RunSquash, action);
}

Status RunSquash(const SquashOptions& options, Context& context) {
  context.SkipChecksums();  // opens no database of the project's
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(engine::RevisionId target, ResolveOne(*graph, options.target));
  REV_ASSIGN_OR_RETURN(SquashStretch stretch, engine::FindSquashStretch(*graph, target));
  std::vector<DataStatement> data = DataStatementsOf(*graph, stretch);
  REV_RETURN_IF_ERROR(CheckDataStatements(context.out(), data, options.keep_data_statements));
  REV_ASSIGN_OR_RETURN(revisions::RevisionId id, ChooseRevisionId(*graph, options.rev_id));
  if (const revisions::Revision* squashed = graph->ReplacedBy(id.str())) {
    return Status::InvalidInput("--rev-id " + id.str() + " was a revision " + squashed->id().str() +
                                " replaces; choose another id");
  }
  REV_ASSIGN_OR_RETURN(SquashedSql sql, BuildProven(context, stretch, data));
  revisions::NewRevision revision{id,
                                  {},
                                  stretch.branch_labels,
                                  {},
                                  options.message,
                                  "",
                                  true,
                                  std::move(sql.upgrade_sql),
                                  std::move(sql.downgrade_sql),
                                  true,
                                  stretch.replaces};
  if (revision.message.empty()) revision.message = "squash up to " + target.str();
  REV_ASSIGN_OR_RETURN(std::string path, WriteRevisionFile(context, &revision));
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  std::vector<std::string> left = RemoveReplaced(*graph, *config, stretch);
  return Summarize(context, revision, path, stretch.revisions.size(),
                   options.keep_data_statements ? data.size() : 0, left);
}

}  // namespace rev::cli
