#include "engine/operations/database_state.h"

#include "engine/operations/squashed_heads.h"
#include "revisions/capped_list.h"
#include "revisions/join.h"

namespace rev::engine::operations {
namespace {

Status DirtyRefusal(const backends::HistoryRow& dirty, const RevisionGraph& graph) {
  const Revision* revision = graph.Find(dirty.revision);
  std::string what = dirty.status == backends::StepStatus::kStarted
                         ? "started at " + dirty.started_at + " and never finished"
                         : "failed at " + dirty.finished_at + ": " + dirty.error;
  Status status = Status::Refused("the database is dirty: the " + dirty.direction + " of " +
                                  dirty.revision + " (transactional: false) " + what);
  if (revision != nullptr) status.At({revision->path(), 0, 0});
  return status.WithHint(
      "check what of it ran; then `rev stamp` the revision it reached, or undo "
      "its partial changes and run `rev repair` to clear the state");
}

Status DriftRefusal(const std::vector<Drift>& drift) {
  std::vector<std::string> lines;
  lines.reserve(drift.size());
  for (const Drift& item : drift) lines.push_back(DriftLine(item));
  std::string message = drift.size() == 1 ? "an applied revision no longer matches its file:"
                                          : std::to_string(drift.size()) +
                                                " applied revisions no longer match their files:";
  for (const std::string& line : revisions::CappedLines(lines, "  ", revisions::kListAllCommand)) {
    message += "\n" + line;
  }
  Status status = Status::Refused(message);
  // One file is where the error is; for several, the list names them.
  if (drift.size() == 1 && !drift.front().path.empty()) status.At({drift.front().path, 0, 0});
  return status.WithHint(
      "restore the files as they were applied, or accept them with `rev repair`; "
      "--ignore-checksums goes ahead this once");
}

}  // namespace

Result<DatabaseState> ReadDatabaseState(backends::Backend& backend) {
  DatabaseState state;
  REV_ASSIGN_OR_RETURN(state.has_version_table, backend.HasVersionTable());
  if (state.has_version_table) {
    REV_ASSIGN_OR_RETURN(state.heads, backend.ReadHeads());
  }
  REV_ASSIGN_OR_RETURN(state.applied, backend.ReadApplied());
  REV_ASSIGN_OR_RETURN(state.dirty, backend.ReadDirtyStep());
  REV_ASSIGN_OR_RETURN(state.last_failure, backend.ReadLastFailure());
  return state;
}

Result<DatabaseState> ReadDatabaseState(backends::Backend& backend, const RevisionGraph& graph) {
  REV_ASSIGN_OR_RETURN(DatabaseState state, ReadDatabaseState(backend));
  state.heads = ReadAsSquashed(state.heads, graph);
  return state;
}

std::vector<Drift> FindDrift(const DatabaseState& state, const RevisionGraph& graph) {
  std::vector<Drift> drift;
  for (const backends::AppliedRevision& applied : state.applied) {
    const Revision* revision = graph.Find(applied.revision);
    if (revision == nullptr && graph.ReplacedBy(applied.revision) != nullptr) continue;
    if (revision == nullptr) {
      drift.push_back({applied.revision, "", applied.checksum, ""});
    } else if (revision->checksum().hex() != applied.checksum) {
      drift.push_back(
          {applied.revision, revision->path(), applied.checksum, revision->checksum().hex()});
    }
  }
  return drift;  // sorted by revision, as state.applied is
}

std::string DriftLine(const Drift& drift) {
  return drift.path.empty() ? "missing  " + drift.revision + ": its file is gone"
                            : "changed  " + drift.revision + ": " + drift.path;
}

RevisionIds UnknownHeads(const RevisionIds& heads, const RevisionGraph& graph) {
  RevisionIds unknown;
  for (const RevisionId& head : heads) {
    if (!graph.Contains(head) && !graph.StandsAtSquashTarget(head.str())) unknown.push_back(head);
  }
  return unknown;
}

Status CheckReadyToChange(const DatabaseState& state, const RevisionGraph& graph,
                          bool ignore_checksums) {
  if (state.dirty) return DirtyRefusal(*state.dirty, graph);
  REV_RETURN_IF_ERROR(CheckNoHeadInsideSquash(state.heads, graph));
  RevisionIds unknown = UnknownHeads(state.heads, graph);
  if (!unknown.empty()) {
    return Status::Refused("the database is at " + revisions::Join(unknown) +
                           ", which this revision folder does not know: the database is ahead "
                           "of this checkout, or revision files are missing")
        .WithHint(
            "update the checkout to include those revisions; `rev stamp --purge` "
            "replaces the version table if they are truly gone");
  }
  if (!ignore_checksums) {
    std::vector<Drift> drift = FindDrift(state, graph);
    if (!drift.empty()) return DriftRefusal(drift);
  }
  return Status::Ok();
}

}  // namespace rev::engine::operations
