#include "cli/import_adopt.h"

#include <algorithm>
#include <set>

#include "cli/database_session.h"
#include "cli/schema_session.h"
#include "engine/schema/diff.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

using engine::importers::ImportedRevisions;

Result<engine::RevisionIds> IdsOf(const std::vector<std::string>& keys,
                                  const ImportedRevisions& imported) {
  engine::RevisionIds ids;
  for (const std::string& key : keys) {
    auto at = std::find(imported.keys.begin(), imported.keys.end(), key);
    if (at == imported.keys.end()) return Status::Internal("no revision for " + key);
    ids.push_back(imported.revisions[static_cast<size_t>(at - imported.keys.begin())].id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> Pending(const engine::RevisionGraph& graph,
                                 const engine::RevisionIds& heads) {
  engine::RevisionIds applied = graph.Ancestors(heads);
  std::set<std::string> done;
  for (const auto& id : applied) done.insert(id.str());
  std::vector<std::string> pending;
  for (const auto& id : graph.UpgradeOrder()) {
    if (done.count(id.str()) == 0) pending.push_back(id.str());
  }
  return pending;
}

// The number of schema changes between the database and the revisions at `heads`, or why
// they could not be compared.
void CompareSchemas(Context& context, const engine::importers::ImportedProject& project,
                    const engine::RevisionIds& heads, AdoptReport* report) {
  std::string target = heads.empty() ? "base" : heads.size() == 1 ? heads.front().str() : "";
  if (target.empty()) {
    report->schema_note = "the database stands at several heads";
    return;
  }
  auto compare = [&]() -> Result<size_t> {
    REV_ASSIGN_OR_RETURN(auto session, SchemaSession::Open(context, true));
    REV_ASSIGN_OR_RETURN(auto database, engine::schema::SchemaSource::Parse("database"));
    REV_ASSIGN_OR_RETURN(auto revisions, engine::schema::SchemaSource::Parse(target));
    REV_ASSIGN_OR_RETURN(engine::schema::Schema actual, session->Load(database));
    REV_ASSIGN_OR_RETURN(engine::schema::Schema expected, session->Load(revisions));
    engine::importers::LeaveOutToolTables(project.tool, project.position_table, &actual);
    return engine::schema::Diff(expected, actual, {}).size();
  };
  Result<size_t> differences = compare();
  if (differences.ok()) {
    report->differences = *differences;
  } else {
    report->schema_note = differences.status().message();
  }
}

}  // namespace

Result<Adoption> Adoption::Read(Context& context, const engine::importers::ImportedProject& project,
                                const ImportedRevisions& imported) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  REV_ASSIGN_OR_RETURN(
      engine::importers::ToolPosition position,
      engine::importers::ReadToolPosition(project, session->backend(), session->url()));
  REV_ASSIGN_OR_RETURN(engine::RevisionIds rev_heads, session->backend().ReadHeads());
  if (!rev_heads.empty()) {
    return Status::Refused(session->url().Redacted() + " already records rev revisions (" +
                           revisions::HeadsText(rev_heads) +
                           "): it was adopted before; nothing was written")
        .WithHint("import without --adopt; `rev stamp` moves rev's record if it is wrong");
  }
  REV_ASSIGN_OR_RETURN(engine::RevisionIds heads, IdsOf(position.keys, imported));
  return Adoption(std::move(position), std::move(heads));
}

Result<AdoptReport> Adoption::Record(Context& context,
                                     const engine::importers::ImportedProject& project) const {
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true, /*quietly=*/true));
  AdoptReport report;
  report.database = session->url().Redacted();
  report.table = position_.table;
  report.found = position_.found;
  report.heads = heads_;
  report.pending = Pending(*graph, heads_);
  if (!heads_.empty()) {
    REV_RETURN_IF_ERROR(session->Lock());
    REV_RETURN_IF_ERROR(
        engine::operations::Stamp(session->backend(), *graph, heads_, false, RunOptions(nullptr)));
    session->Journal(context.out(), "stamp", heads_);
  }
  session.reset();  // the lock is released before the schema comparison reads
  if (position_.found) CompareSchemas(context, project, heads_, &report);
  return report;
}

}  // namespace rev::cli
