// Plan: what an upgrade or downgrade will do, step by step, as a value.
//
// `--sql`, `--dry-run`, `--json` and the migrator all consume the same Plan, so what a
// user previews is what runs.
#pragma once

#include <optional>
#include <vector>

#include "engine/revision_graph.h"

namespace rev::engine {

enum class Direction { kUpgrade, kDowngrade };

const char* DirectionName(Direction direction);  // "upgrade" / "downgrade"

// The change one step makes to the version table: a pure delta. Applied in this order:
// `deletes`, then `update` (from → to), then `inserts`; every delete and the update must
// change exactly one row, or the version table changed underneath (kConflict).
struct VersionEdit {
  enum class Kind {
    kInsert,   // a new branch starts: insert the revision
    kDelete,   // a branch ends (downgrade past its base, or into another head's ancestry)
    kMerge,    // upgrade of a merge point: delete all parents but one, update that one
    kUnmerge,  // downgrade of a merge point: update it to one parent, insert the others
    kUpdate,   // the common case: replace one row with another
  };
  Kind kind = Kind::kUpdate;
  RevisionIds deletes;
  std::optional<RevisionId> update_from;
  std::optional<RevisionId> update_to;
  RevisionIds inserts;
};

const char* VersionEditKindName(VersionEdit::Kind kind);  // "insert", "delete", ...

struct Step {
  RevisionId revision;
  Direction direction;
  RevisionIds from_heads;  // version-table rows before the step, sorted by id
  RevisionIds to_heads;    // and after it, sorted by id
  VersionEdit edit;
};

struct Plan {
  Direction direction = Direction::kUpgrade;
  RevisionIds start_heads;  // sorted by id
  RevisionIds end_heads;    // sorted by id
  std::vector<Step> steps;  // in execution order

  bool empty() const { return steps.empty(); }
};

}  // namespace rev::engine
