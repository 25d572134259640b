// rev stamp: the version table set to given heads, nothing run.
#include <algorithm>
#include <set>

#include "engine/head_overlap.h"
#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"

namespace rev::engine::operations {
namespace {

// A head that is an ancestor (through down_revision) of another head would leave the
// version table saying the same branch is at two places.
Status CheckHeadsIndependent(const RevisionGraph& graph, const RevisionIds& heads) {
  for (const RevisionId& head : heads) {
    if (!graph.Contains(head)) return Status::NotFound("unknown revision " + head.str());
  }
  if (std::optional<HeadOverlap> overlap = FindHeadOverlap(graph, heads)) {
    return Status::InvalidInput("cannot stamp " + overlap->ancestor.str() + " together with " +
                                overlap->descendant.str() + ", a revision above it on its branch")
        .WithHint("stamp only the newer revision");
  }
  return Status::Ok();
}

}  // namespace

Status Stamp(backends::Backend& backend, const RevisionGraph& graph, const RevisionIds& heads,
             bool purge, const MigrationOptions& options) {
  REV_RETURN_IF_ERROR(CheckHeadsIndependent(graph, heads));
  REV_RETURN_IF_ERROR(backend.EnsureTables());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Transaction> transaction, backend.Begin());
  REV_ASSIGN_OR_RETURN(DatabaseState state, ReadDatabaseState(backend));
  std::vector<std::string> unknown = UnknownHeads(state, graph);
  if (!purge && !unknown.empty()) {
    return Status::Refused("the version table holds " + backends::JoinHeads(unknown) +
                           ", which this revision folder does not know")
        .WithHint("`rev stamp --purge TARGET` empties the version table first");
  }

  std::vector<std::string> names;
  for (const RevisionId& head : heads) names.push_back(head.str());
  std::sort(names.begin(), names.end());
  REV_RETURN_IF_ERROR(backend.ReplaceHeads(names));

  // rev_applied follows the version table: every ancestor of the new heads (dependencies
  // included) is applied, and nothing else is.
  std::string now = backends::FormatTimestamp(std::chrono::system_clock::now());
  std::set<std::string> covered;
  for (const RevisionId& id : graph.Ancestors(heads, /*with_dependencies=*/true)) {
    covered.insert(id.str());
  }
  std::set<std::string> recorded;
  for (const backends::AppliedRevision& applied : state.applied) {
    recorded.insert(applied.revision);
    if (covered.count(applied.revision) == 0) {
      REV_RETURN_IF_ERROR(backend.ForgetApplied(applied.revision));
    }
  }
  for (const std::string& id : covered) {
    if (recorded.count(id) != 0) continue;
    const Revision* revision = graph.Find(id);
    if (revision->checksum().empty()) {  // read for a command that opens no database
      return Status::Internal(revision->path() + " was read without its checksum");
    }
    REV_RETURN_IF_ERROR(backend.RecordApplied({id, revision->checksum().hex(), now}));
  }

  backends::HistoryRow row;
  row.revision = heads.size() == 1 ? heads.front().str() : "";
  row.direction = "stamp";
  row.from_heads = state.heads;
  row.to_heads = names;
  if (heads.size() == 1) row.checksum = graph.Get(heads.front()).checksum().hex();
  row.status = backends::StepStatus::kStamped;
  row.started_at = now;
  row.finished_at = now;
  row.rev_version = options.rev_version;
  row.run_by = options.run_by;
  REV_RETURN_IF_ERROR(backend.AppendHistory(row).status());
  return transaction->Commit();
}

}  // namespace rev::engine::operations
