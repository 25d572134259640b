// What a database holds, read once, and the checks that must pass before rev changes it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/revision_graph.h"

namespace rev::engine::operations {

struct DatabaseState {
  bool has_version_table = false;
  RevisionIds heads;                               // sorted; may name revisions the folder lacks
  std::vector<backends::AppliedRevision> applied;  // sorted by revision
  std::optional<backends::HistoryRow> dirty;       // see Backend::ReadDirtyStep
  std::optional<backends::HistoryRow> last_failure;
};

// Reads everything above. Never creates anything. Fails with kRefused, as ReadHeads, when
// the version table holds a row that is not a revision id.
Result<DatabaseState> ReadDatabaseState(backends::Backend& backend);
// The same, the heads read as `graph` reads them: a head at the revision a squash reached
// is the squashed revision (squashed_heads.h). What every command with a graph uses.
Result<DatabaseState> ReadDatabaseState(backends::Backend& backend, const RevisionGraph& graph);

// An applied revision whose file changed since it was applied, or is gone. A revision a
// squash replaced is neither: its file is gone on purpose.
struct Drift {
  std::string revision;
  std::string path;  // empty when the file is gone
  std::string recorded_checksum;
  std::string current_checksum;  // empty when the file is gone
};
std::vector<Drift> FindDrift(const DatabaseState& state, const RevisionGraph& graph);
// One drifted revision as a line of text: "changed  <id>: <path>" or
// "missing  <id>: its file is gone".
std::string DriftLine(const Drift& drift);

// Heads in the database that the folder does not know: the database is ahead of this
// checkout (or the folder lost files). The revision a squash reached is known (it reads as
// the squashed revision); one inside the squash is not.
RevisionIds UnknownHeads(const RevisionIds& heads, const RevisionGraph& graph);

// The refusals of SPEC §3 exit code 4, checked before any change: a dirty step, a head
// inside a squash (CheckNoHeadInsideSquash), unknown heads, and (unless `ignore_checksums`) drift,
// changed or gone files alike. Fails with kRefused whose message names the revision, its file and
// what to do (`rev repair`, `rev stamp`, pull the newer revisions). Drift is listed one revision
// per line (DriftLine), capped as CappedLines caps it, at the file when there is one.
Status CheckReadyToChange(const DatabaseState& state, const RevisionGraph& graph,
                          bool ignore_checksums);

}  // namespace rev::engine::operations
