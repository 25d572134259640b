#include "engine/operations/squashed_heads.h"

#include <algorithm>

#include "engine/operations/bookkeeping_row.h"

namespace rev::engine::operations {

RevisionIds ReadAsSquashed(const RevisionIds& heads, const RevisionGraph& graph) {
  RevisionIds read;
  read.reserve(heads.size());
  for (const RevisionId& head : heads) {
    read.push_back(graph.StandsAtSquashTarget(head.str()) ? graph.ReplacedBy(head.str())->id()
                                                          : head);
  }
  std::sort(read.begin(), read.end());
  read.erase(std::unique(read.begin(), read.end()), read.end());
  return read;
}

Status CheckNoHeadInsideSquash(const RevisionIds& heads, const RevisionGraph& graph) {
  for (const RevisionId& head : heads) {
    const Revision* squashed = graph.ReplacedBy(head.str());
    if (squashed == nullptr || graph.StandsAtSquashTarget(head.str())) continue;
    const std::string& reached = squashed->replaces().back().str();
    return Status::Refused("the database is at " + head.str() + ", which " + squashed->id().str() +
                           " squashed together with the revisions up to " + reached +
                           "; only a database at " + reached + " (or later) can go on from " +
                           squashed->id().str())
        .At({squashed->path(), squashed->lines().replaces, 0})
        .WithHint("upgrade it to " + reached +
                  " with a release that still has those files (`rev "
                  "upgrade " +
                  reached + "`), then use this one");
  }
  return Status::Ok();
}

namespace {

// rev_applied follows the version table: the replaced revisions' rows go (their files are
// gone on purpose), the squashed revisions' come.
Status SettleApplied(backends::Backend& backend, const RevisionGraph& graph,
                     const RevisionIds& squashed, const std::string& now) {
  REV_ASSIGN_OR_RETURN(std::vector<backends::AppliedRevision> applied, backend.ReadApplied());
  for (const backends::AppliedRevision& row : applied) {
    if (graph.ReplacedBy(row.revision) != nullptr) {
      REV_RETURN_IF_ERROR(backend.ForgetApplied(row.revision));
    }
  }
  for (const RevisionId& id : squashed) {
    const Revision& revision = graph.Get(id);
    if (revision.checksum().empty()) continue;  // read for a command that records none
    REV_RETURN_IF_ERROR(backend.RecordApplied({id.str(), revision.checksum().hex(), now}));
  }
  return Status::Ok();
}

}  // namespace

Status SettleSquashedHeads(backends::Backend& backend, const RevisionGraph& graph,
                           const MigrationOptions& options, bool* settled) {
  if (settled != nullptr) *settled = false;
  if (!graph.AnyReplaced()) return Status::Ok();  // no squash: nothing to read
  REV_ASSIGN_OR_RETURN(bool has_table, backend.HasVersionTable());
  if (!has_table) return Status::Ok();
  Result<RevisionIds> read = backend.ReadHeads();
  // Rows that are no ids are the command's to refuse (or `stamp --purge`'s to replace).
  if (!read.ok() && read.status().code() == StatusCode::kRefused) return Status::Ok();
  REV_ASSIGN_OR_RETURN(RevisionIds before, std::move(read));
  REV_RETURN_IF_ERROR(CheckNoHeadInsideSquash(before, graph));
  RevisionIds squashed;
  for (const RevisionId& head : before) {
    if (graph.StandsAtSquashTarget(head.str()))
      squashed.push_back(graph.ReplacedBy(head.str())->id());
  }
  if (squashed.empty()) return Status::Ok();
  // The lock is held: the heads just read are still the heads inside the transaction.
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Transaction> transaction, backend.Begin());
  RevisionIds after = ReadAsSquashed(before, graph);
  REV_RETURN_IF_ERROR(backend.ReplaceHeads(after));
  std::string now = backends::FormatTimestamp(std::chrono::system_clock::now());
  REV_RETURN_IF_ERROR(SettleApplied(backend, graph, squashed, now));
  backends::HistoryRow row =
      BookkeepingRow("stamp", backends::StepStatus::kStamped, before, after, now, options);
  row.revision = squashed.front().str();
  row.checksum = graph.Get(squashed.front()).checksum().hex();
  REV_ASSIGN_OR_RETURN(row.id, backend.AppendHistory(row));
  REV_RETURN_IF_ERROR(transaction->Commit());
  if (settled != nullptr) *settled = true;
  return Status::Ok();
}

}  // namespace rev::engine::operations
