#include "engine/head_overlap.h"

#include <unordered_set>

namespace rev::engine {

std::optional<HeadOverlap> FindHeadOverlap(const RevisionGraph& graph, const RevisionIds& heads) {
  if (heads.size() < 2) return std::nullopt;  // the common case costs nothing
  std::unordered_set<RevisionId> rows;
  for (const RevisionId& head : heads) {
    if (graph.Contains(head)) rows.insert(head);
  }
  for (const RevisionId& head : heads) {
    if (!graph.Contains(head)) continue;
    for (const RevisionId& below : graph.Ancestors({head}, /*with_dependencies=*/false)) {
      if (below != head && rows.count(below) != 0) return HeadOverlap{head, below};
    }
  }
  return std::nullopt;
}

}  // namespace rev::engine
