// AnalyzeStructure: what makes a set of revisions not a graph at all. One place for these
// checks: RevisionGraph::Build refuses on them, and the validators report every one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/id_index.h"
#include "revisions/revision.h"

namespace rev::engine {

struct DuplicateId {
  std::string id;
  std::vector<std::string> paths;  // every file declaring it, sorted
  std::vector<int> lines;          // the `revision:` line of each, parallel to paths
};

struct Orphan {
  std::string revision;  // the revision that names the missing one
  std::string path;
  int line = 0;
  std::string missing;            // the id named that does not exist
  std::string key;                // "down_revision" or "depends_on"
  std::vector<std::string> near;  // existing ids that look alike ("did you mean"), maybe empty
};

struct Cycle {
  std::vector<std::string> members;  // a -> b -> ... -> a, starting at the smallest id
  std::vector<std::string> paths;    // file of each member, parallel to members
  // Parallel to members: the line (down_revision or depends_on) where each member names
  // the member before it, the edge to mend.
  std::vector<int> lines;
};

struct StructureReport {
  std::vector<DuplicateId> duplicates;
  std::vector<Orphan> orphans;
  std::vector<Cycle> cycles;

  bool ok() const { return duplicates.empty() && orphans.empty() && cycles.empty(); }
};

// Finds duplicate ids, references to ids that do not exist, and cycles (through both
// down_revision and depends_on edges; a revision naming itself is a cycle of one).
// Deterministic: findings are sorted by id. Linear in the number of revisions and edges.
StructureReport AnalyzeStructure(const std::vector<revisions::Revision>& revisions);

// The references of a set of revisions resolved to positions in it, as AnalyzeStructure
// finds them on the way: RevisionGraph::Build reuses them instead of looking every id up
// again (at 100,000 revisions the hash lookups are most of building a graph).
struct ResolvedReferences {
  IdIndex index;  // id -> first revision with it
  // Revision i names edge_targets[edge_begin[i] .. edge_begin[i+1]): its down_revisions,
  // then its depends_on; edge_is_dependency tells which. Unknown ids are left out.
  std::vector<uint32_t> edge_begin;
  std::vector<uint32_t> edge_targets;
  std::vector<bool> edge_is_dependency;
};

// AnalyzeStructure, also returning the resolved references. The string_views of `index`
// point into `revisions`, which must outlive them (moving the vector keeps them valid).
StructureReport AnalyzeStructure(const std::vector<revisions::Revision>& revisions,
                                 ResolvedReferences* resolved);

}  // namespace rev::engine
