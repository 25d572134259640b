// rev stamp: the version table set to given heads, nothing run.
#include <algorithm>
#include <set>

#include "engine/head_overlap.h"
#include "engine/operations/bookkeeping_row.h"
#include "engine/operations/database_state.h"
#include "engine/operations/migrator.h"
#include "revisions/join.h"

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

Result<std::optional<RevisionIds>> ReadHeadsToStamp(backends::Backend& backend, bool purge) {
  REV_ASSIGN_OR_RETURN(bool has_table, backend.HasVersionTable());
  if (!has_table) return std::optional<RevisionIds>(RevisionIds());
  Result<RevisionIds> heads = backend.ReadHeads();
  if (heads.ok()) return std::optional<RevisionIds>(std::move(heads).value());
  if (purge && heads.status().code() == StatusCode::kRefused) return std::optional<RevisionIds>();
  return heads.status();
}

Status Stamp(backends::Backend& backend, const RevisionGraph& graph, const RevisionIds& heads,
             bool purge, const MigrationOptions& options, backends::HistoryRow* recorded) {
  REV_RETURN_IF_ERROR(CheckHeadsIndependent(graph, heads));
  REV_RETURN_IF_ERROR(backend.EnsureTables());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Transaction> transaction, backend.Begin());
  REV_ASSIGN_OR_RETURN(std::optional<RevisionIds> before, ReadHeadsToStamp(backend, purge));
  RevisionIds unknown = UnknownHeads(before.value_or(RevisionIds()), graph);
  if (!purge && !unknown.empty()) {
    return Status::Refused("the version table holds " + revisions::Join(unknown) +
                           ", which this revision folder does not know")
        .WithHint("`rev stamp --purge TARGET` empties the version table first");
  }

  RevisionIds sorted = heads;
  std::sort(sorted.begin(), sorted.end());
  REV_RETURN_IF_ERROR(backend.ReplaceHeads(sorted));
  REV_ASSIGN_OR_RETURN(std::vector<backends::AppliedRevision> applied, backend.ReadApplied());

  // rev_applied follows the version table: every ancestor of the new heads (dependencies
  // included) is applied, and nothing else is.
  std::string now = backends::FormatTimestamp(std::chrono::system_clock::now());
  std::set<std::string> covered;
  for (const RevisionId& id : graph.Ancestors(heads, /*with_dependencies=*/true)) {
    covered.insert(id.str());
  }
  std::set<std::string> already;
  for (const backends::AppliedRevision& row : applied) {
    already.insert(row.revision);
    if (covered.count(row.revision) == 0) REV_RETURN_IF_ERROR(backend.ForgetApplied(row.revision));
  }
  for (const std::string& id : covered) {
    if (already.count(id) != 0) continue;
    const Revision* revision = graph.Find(id);
    if (revision->checksum().empty()) {  // read for a command that opens no database
      return Status::Internal(revision->path() + " was read without its checksum");
    }
    REV_RETURN_IF_ERROR(backend.RecordApplied({id, revision->checksum().hex(), now}));
  }

  // Rows --purge replaced unread were no revisions: the stamp starts from none.
  backends::HistoryRow row = BookkeepingRow("stamp", backends::StepStatus::kStamped,
                                            before.value_or(RevisionIds()), sorted, now, options);
  if (heads.size() == 1) {
    row.revision = heads.front().str();
    row.checksum = graph.Get(heads.front()).checksum().hex();
  }
  REV_ASSIGN_OR_RETURN(row.id, backend.AppendHistory(row));
  REV_RETURN_IF_ERROR(transaction->Commit());
  if (recorded != nullptr) *recorded = std::move(row);
  return Status::Ok();
}

}  // namespace rev::engine::operations
