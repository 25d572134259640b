#include "engine/plan.h"

namespace rev::engine {

const char* DirectionName(Direction direction) {
  return direction == Direction::kUpgrade ? "upgrade" : "downgrade";
}

const char* VersionEditKindName(VersionEdit::Kind kind) {
  switch (kind) {
    case VersionEdit::Kind::kInsert:
      return "insert";
    case VersionEdit::Kind::kDelete:
      return "delete";
    case VersionEdit::Kind::kMerge:
      return "merge";
    case VersionEdit::Kind::kUnmerge:
      return "unmerge";
    case VersionEdit::Kind::kUpdate:
      return "update";
  }
  return "update";
}

}  // namespace rev::engine
