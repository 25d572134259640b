#include "engine/revision_graph.h"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "engine/graph_errors.h"
#include "engine/replaced_ids.h"
#include "engine/structure.h"

namespace rev::engine {
namespace {

struct EdgeInfo {
  bool dependency = false;  // a depends_on edge rather than a down_revision edge
};

// Edges run parent → child, so out-edges are children and in-edges are parents. The graph
// never changes once built, so it is Boost's compressed sparse row form: a few arrays
// filled by one counting sort, where an adjacency_list allocates per vertex and per edge
// (most of what building a graph of 10,000 revisions cost).
using Vertex = uint32_t;
using Graph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property,
                                                 EdgeInfo, boost::no_property, Vertex, Vertex>;

constexpr uint64_t kUnparsedTime = UINT64_MAX;

// "2026-11-22T10:04:00Z" as 20261122100400, which orders as the text does; kUnparsedTime
// for any other form (compared as text then).
uint64_t SortableTime(const std::string& text) {
  // Digits at fixed places, separators between: read straight, no loop over a pattern.
  static constexpr int kDigits[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return kUnparsedTime;
  }
  uint64_t value = 0;
  for (int at : kDigits) {
    unsigned digit = static_cast<unsigned char>(text[at]) - static_cast<unsigned>('0');
    if (digit > 9) return kUnparsedTime;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

struct RevisionGraph::Impl {
  std::vector<Revision> revisions;  // vertex i is revisions[i]
  Graph graph;
  IdIndex index;  // views into revisions[i].id()
  // Vertices sorted by id, for prefix lookup; sorted on the first lookup, since most
  // commands never look a prefix up and sorting 100,000 ids is a fair part of a build.
  std::vector<Vertex> by_id;
  std::once_flag by_id_sorted;
  RevisionIds upgrade_order;
  std::vector<uint32_t> rank;  // position in upgrade_order, per vertex
  std::unordered_map<std::string_view, Vertex> label_owner;
  std::vector<std::vector<BranchLabel>> labels;  // per vertex, sorted; empty when no labels
  // Per vertex, what its depends_on names resolved to ids (a branch label to the revision
  // declaring it); empty when no revision depends on another.
  std::vector<RevisionIds> dependencies;
  ReplacedOwners replaced;  // replaced id -> the squashed revision; empty without a squash

  // REQUIRES: the id is in the graph (std::out_of_range otherwise, as a map's at()).
  Vertex At(const RevisionId& id) const {
    Vertex v = index.Find(id.str());
    if (v == IdIndex::kMissing) throw std::out_of_range("no revision " + id.str());
    return v;
  }
  const RevisionId& Id(Vertex v) const { return revisions[v].id(); }

  template <typename Visit>
  void ForParents(Vertex v, bool with_dependencies, Visit visit) const {
    for (auto [it, end] = boost::in_edges(v, graph); it != end; ++it) {
      if (with_dependencies || !graph[*it].dependency)
        visit(static_cast<Vertex>(boost::source(*it, graph)));
    }
  }

  template <typename Visit>
  void ForChildren(Vertex v, bool with_dependencies, Visit visit) const {
    for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it) {
      if (with_dependencies || !graph[*it].dependency)
        visit(static_cast<Vertex>(boost::target(*it, graph)));
    }
  }

  size_t CountChildren(Vertex v, bool with_dependencies) const {
    size_t count = 0;
    ForChildren(v, with_dependencies, [&](Vertex) { ++count; });
    return count;
  }

  RevisionIds Sorted(std::vector<Vertex> vertices) const {
    std::sort(vertices.begin(), vertices.end(),
              [&](Vertex a, Vertex b) { return rank[a] < rank[b]; });
    RevisionIds ids;
    ids.reserve(vertices.size());
    for (Vertex v : vertices) ids.push_back(Id(v));
    return ids;
  }

  // Breadth-first closure from `start` over parents (up) or children (down).
  template <typename Step>
  std::vector<Vertex> Closure(const RevisionIds& start, Step step) const {
    std::vector<bool> seen(revisions.size(), false);
    std::vector<Vertex> found;
    for (const RevisionId& id : start) {
      Vertex v = index.Find(id.str());
      if (v != IdIndex::kMissing && !seen[v]) {
        seen[v] = true;
        found.push_back(v);
      }
    }
    for (size_t head = 0; head < found.size(); ++head) {
      step(found[head], [&](Vertex next) {
        if (!seen[next]) {
          seen[next] = true;
          found.push_back(next);
        }
      });
    }
    return found;
  }

  void ComputeUpgradeOrder();
  void ComputeLabels();
};

void RevisionGraph::Impl::ComputeUpgradeOrder() {
  // Kahn's algorithm with a priority queue: among revisions whose parents and
  // dependencies are all placed, the earliest created_at goes first, then the smallest id.
  // created_at in `rev create`'s form is read once into a number that orders as the text
  // does, so the queue rarely compares strings (a linear history never compares at all).
  std::vector<uint64_t> when(revisions.size());
  for (Vertex v = 0; v < revisions.size(); ++v) when[v] = SortableTime(revisions[v].created_at());
  auto later = [&](Vertex a, Vertex b) {
    const Revision& ra = revisions[a];
    const Revision& rb = revisions[b];
    if (when[a] != kUnparsedTime && when[b] != kUnparsedTime) {
      if (when[a] != when[b]) return when[a] > when[b];
    } else if (ra.created_at() != rb.created_at()) {
      return ra.created_at() > rb.created_at();
    }
    return rb.id() < ra.id();
  };
  std::priority_queue<Vertex, std::vector<Vertex>, decltype(later)> ready(later);
  std::vector<uint32_t> waiting(revisions.size());
  for (Vertex v = 0; v < revisions.size(); ++v) {
    waiting[v] = static_cast<uint32_t>(boost::in_degree(v, graph));
    if (waiting[v] == 0) ready.push(v);
  }
  rank.assign(revisions.size(), 0);
  upgrade_order.reserve(revisions.size());
  while (!ready.empty()) {
    Vertex v = ready.top();
    ready.pop();
    rank[v] = static_cast<uint32_t>(upgrade_order.size());
    upgrade_order.push_back(Id(v));
    ForChildren(v, true, [&](Vertex child) {
      if (--waiting[child] == 0) ready.push(child);
    });
  }
}

void RevisionGraph::Impl::ComputeLabels() {
  if (label_owner.empty()) return;
  labels.assign(revisions.size(), {});
  for (Vertex owner = 0; owner < revisions.size(); ++owner) {
    const auto& declared = revisions[owner].branch_labels();
    if (declared.empty()) continue;
    std::vector<Vertex> carriers =
        Closure({Id(owner)}, [&](Vertex v, auto add) { ForChildren(v, false, add); });
    // As Alembic does, the unbranched stretch above the owner carries its labels too, when
    // nothing below the owner branches or merges (Alembic walks up from the last descendant).
    bool below_is_line = std::all_of(carriers.begin(), carriers.end(), [&](Vertex v) {
      return v == owner ||
             (CountChildren(v, true) <= 1 && revisions[v].down_revisions().size() <= 1);
    });
    for (Vertex v = owner; below_is_line;) {
      const Revision& above = revisions[v];
      if (v != owner) carriers.push_back(v);
      if (above.down_revisions().size() != 1) break;
      Vertex parent = At(above.down_revisions().front());
      if (CountChildren(parent, true) > 1 || revisions[parent].is_merge()) break;
      v = parent;
    }
    for (Vertex v : carriers) {
      auto& own = labels[v];
      own.insert(own.end(), declared.begin(), declared.end());
    }
  }
  for (auto& own : labels) {
    std::sort(own.begin(), own.end());
    own.erase(std::unique(own.begin(), own.end()), own.end());
  }
}

Result<RevisionGraph> RevisionGraph::Build(std::vector<Revision> revisions) {
  // References to replaced ids become the squashed revision's before anything else looks:
  // from here on every file of the folder seems to name it.
  ReplacedOwners replaced = FindReplacedOwners(revisions);
  REV_RETURN_IF_ERROR(CheckReplacedIds(revisions, replaced));
  NameSquashedRevisions(&revisions, replaced);
  ResolvedReferences resolved;
  StructureReport report = AnalyzeStructure(revisions, &resolved);
  if (!report.ok()) return StructureError(report);

  auto impl = std::make_unique<Impl>();
  impl->revisions = std::move(revisions);  // the buffer moves whole: the index stays valid
  impl->index = std::move(resolved.index);
  impl->replaced = std::move(replaced);
  const auto& all = impl->revisions;
  const auto vertex_count = static_cast<Vertex>(all.size());
  std::vector<std::pair<Vertex, Vertex>> edges;  // parent, child
  std::vector<EdgeInfo> edge_info;
  edges.reserve(resolved.edge_targets.size());
  edge_info.reserve(resolved.edge_targets.size());
  for (Vertex v = 0; v < vertex_count; ++v) {
    for (uint32_t e = resolved.edge_begin[v]; e < resolved.edge_begin[v + 1]; ++e) {
      const bool dependency = resolved.edge_is_dependency[e];
      edges.emplace_back(resolved.edge_targets[e], v);
      edge_info.push_back(EdgeInfo{dependency});
      if (!dependency) continue;
      if (impl->dependencies.empty()) impl->dependencies.resize(all.size());
      impl->dependencies[v].push_back(all[resolved.edge_targets[e]].id());
    }
  }
  impl->graph = Graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(),
                      edge_info.begin(), vertex_count);

  for (Vertex v = 0; v < vertex_count; ++v) {
    for (const BranchLabel& label : all[v].branch_labels()) {
      auto [it, inserted] = impl->label_owner.emplace(label.str(), v);
      if (!inserted) return LabelDeclaredTwice(label.str(), all[it->second], all[v]);
      if (impl->index.Contains(label.str())) {
        return LabelIsRevisionId(label.str(), all[v], all[impl->index.Find(label.str())]);
      }
    }
  }
  impl->ComputeUpgradeOrder();
  impl->ComputeLabels();
  return RevisionGraph(std::move(impl));
}

RevisionGraph::RevisionGraph(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RevisionGraph::RevisionGraph(RevisionGraph&&) noexcept = default;
RevisionGraph& RevisionGraph::operator=(RevisionGraph&&) noexcept = default;
RevisionGraph::~RevisionGraph() = default;

size_t RevisionGraph::size() const { return impl_->revisions.size(); }

bool RevisionGraph::Contains(const RevisionId& id) const { return impl_->index.Contains(id.str()); }

const Revision* RevisionGraph::Find(std::string_view id) const {
  Vertex v = impl_->index.Find(id);
  return v == IdIndex::kMissing ? nullptr : &impl_->revisions[v];
}

const Revision* RevisionGraph::ReplacedBy(std::string_view id) const {
  if (impl_->replaced.empty()) return nullptr;
  auto it = impl_->replaced.find(std::string(id));
  return it == impl_->replaced.end() ? nullptr : &impl_->revisions[it->second];
}

bool RevisionGraph::AnyReplaced() const { return !impl_->replaced.empty(); }

bool RevisionGraph::StandsAtSquashTarget(std::string_view id) const {
  const Revision* squashed = ReplacedBy(id);
  return squashed != nullptr && squashed->replaces().back().str() == id;
}

const Revision& RevisionGraph::Get(const RevisionId& id) const {
  return impl_->revisions[impl_->At(id)];
}

RevisionIds RevisionGraph::Heads() const {
  std::vector<Vertex> heads;
  for (Vertex v = 0; v < size(); ++v) {
    if (impl_->CountChildren(v, false) == 0) heads.push_back(v);
  }
  return impl_->Sorted(std::move(heads));
}

RevisionIds RevisionGraph::Bases() const {
  std::vector<Vertex> bases;
  for (Vertex v = 0; v < size(); ++v) {
    if (impl_->revisions[v].is_base()) bases.push_back(v);
  }
  return impl_->Sorted(std::move(bases));
}

const RevisionIds& RevisionGraph::Parents(const RevisionId& id) const {
  return Get(id).down_revisions();
}

const RevisionIds& RevisionGraph::Dependencies(const RevisionId& id) const {
  static const RevisionIds kNone;
  return impl_->dependencies.empty() ? kNone : impl_->dependencies[impl_->At(id)];
}

RevisionIds RevisionGraph::Children(const RevisionId& id) const {
  std::vector<Vertex> children;
  impl_->ForChildren(impl_->At(id), false, [&](Vertex child) { children.push_back(child); });
  return impl_->Sorted(std::move(children));
}

RevisionIds RevisionGraph::Dependents(const RevisionId& id) const {
  std::vector<Vertex> dependents;
  for (auto [it, end] = boost::out_edges(impl_->At(id), impl_->graph); it != end; ++it) {
    if (impl_->graph[*it].dependency)
      dependents.push_back(static_cast<Vertex>(boost::target(*it, impl_->graph)));
  }
  return impl_->Sorted(std::move(dependents));
}

bool RevisionGraph::IsBranchPoint(const RevisionId& id) const {
  return impl_->CountChildren(impl_->At(id), false) > 1;
}

bool RevisionGraph::IsMergePoint(const RevisionId& id) const { return Get(id).is_merge(); }

RevisionIds RevisionGraph::NormalizedDownRevisions(const RevisionId& id) const {
  const Revision& revision = Get(id);
  RevisionIds result = revision.down_revisions();
  const RevisionIds& dependencies = Dependencies(id);
  if (dependencies.empty()) return result;
  // A dependency that an ancestor (through down_revision) also depends on is already
  // implied by that ancestor, so it is not one of the rows this step consumes.
  std::vector<Vertex> ancestors = impl_->Closure(
      revision.down_revisions(), [&](Vertex v, auto add) { impl_->ForParents(v, false, add); });
  for (const RevisionId& dependency : dependencies) {
    bool implied = std::any_of(ancestors.begin(), ancestors.end(), [&](Vertex a) {
      const auto& deps = impl_->dependencies[a];
      return std::find(deps.begin(), deps.end(), dependency) != deps.end();
    });
    bool listed = std::find(result.begin(), result.end(), dependency) != result.end();
    if (!implied && !listed) result.push_back(dependency);
  }
  return result;
}

RevisionIds RevisionGraph::Ancestors(const RevisionIds& ids, bool with_dependencies) const {
  return impl_->Sorted(impl_->Closure(
      ids, [&](Vertex v, auto add) { impl_->ForParents(v, with_dependencies, add); }));
}

RevisionIds RevisionGraph::Descendants(const RevisionIds& ids, bool with_dependencies) const {
  return impl_->Sorted(impl_->Closure(
      ids, [&](Vertex v, auto add) { impl_->ForChildren(v, with_dependencies, add); }));
}

std::vector<BranchLabel> RevisionGraph::LabelsOf(const RevisionId& id) const {
  if (impl_->labels.empty()) return {};
  return impl_->labels[impl_->At(id)];
}

const Revision* RevisionGraph::LabelOwner(std::string_view label) const {
  auto it = impl_->label_owner.find(label);
  return it == impl_->label_owner.end() ? nullptr : &impl_->revisions[it->second];
}

RevisionIds RevisionGraph::MatchPrefix(std::string_view prefix) const {
  std::call_once(impl_->by_id_sorted, [&] {
    auto& ids = impl_->by_id;
    ids.resize(size());
    for (Vertex v = 0; v < ids.size(); ++v) ids[v] = v;
    std::sort(ids.begin(), ids.end(),
              [&](Vertex a, Vertex b) { return impl_->Id(a) < impl_->Id(b); });
  });
  const auto& by_id = impl_->by_id;
  auto first = std::lower_bound(
      by_id.begin(), by_id.end(), prefix,
      [&](Vertex v, std::string_view p) { return std::string_view(impl_->Id(v).str()) < p; });
  RevisionIds matches;
  for (auto it = first; it != by_id.end(); ++it) {
    const std::string& id = impl_->Id(*it).str();
    if (id.compare(0, prefix.size(), prefix) != 0) break;
    matches.push_back(impl_->Id(*it));
  }
  return matches;
}

const RevisionIds& RevisionGraph::UpgradeOrder() const { return impl_->upgrade_order; }

size_t RevisionGraph::OrderIndex(const RevisionId& id) const { return impl_->rank[impl_->At(id)]; }

RevisionIds RevisionGraph::InUpgradeOrder(const RevisionIds& ids) const {
  std::vector<Vertex> vertices;
  vertices.reserve(ids.size());
  for (const RevisionId& id : ids) {
    Vertex v = impl_->index.Find(id.str());
    if (v != IdIndex::kMissing) vertices.push_back(v);
  }
  return impl_->Sorted(std::move(vertices));
}

std::string DescribeRevisions(const RevisionGraph& graph, const RevisionIds& ids, size_t limit) {
  std::string text;
  for (size_t i = 0; i < ids.size() && i < limit; ++i) {
    if (i > 0) text += ", ";
    text += ids[i].str();
    const Revision* revision = graph.Find(ids[i].str());
    if (revision != nullptr && !revision->path().empty()) text += " (" + revision->path() + ")";
  }
  if (ids.size() > limit) text += " and " + std::to_string(ids.size() - limit) + " more";
  return text;
}

}  // namespace rev::engine
