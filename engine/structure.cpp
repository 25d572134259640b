#include "engine/structure.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "engine/replaced_ids.h"

namespace rev::engine {
namespace {

using revisions::Revision;

// Ids that a missing id was probably meant to be: ones it is a prefix of, or sharing its
// first four characters. Found by binary search over the sorted ids, never a scan.
std::vector<std::string> NearIds(const std::vector<std::string_view>& sorted_ids,
                                 std::string_view missing) {
  constexpr size_t kMaxNear = 3;
  std::string_view stem = missing.substr(0, std::min<size_t>(missing.size(), 4));
  std::vector<std::string> near;
  auto it = std::lower_bound(sorted_ids.begin(), sorted_ids.end(), stem);
  for (; it != sorted_ids.end() && it->substr(0, stem.size()) == stem && near.size() < kMaxNear;
       ++it) {
    near.emplace_back(*it);
  }
  return near;
}

// Each branch label and the revision declaring it (the first, if declared twice: the graph
// refuses that on its own).
std::unordered_map<std::string_view, uint32_t> LabelOwners(const std::vector<Revision>& revisions) {
  std::unordered_map<std::string_view, uint32_t> owners;
  for (uint32_t i = 0; i < revisions.size(); ++i) {
    for (const auto& label : revisions[i].branch_labels()) owners.emplace(label.str(), i);
  }
  return owners;
}

// Resolves every reference once, noting on the way ids declared twice.
void Resolve(const std::vector<Revision>& revisions, ResolvedReferences* resolved,
             StructureReport* report) {
  auto& index = resolved->index;
  index.Reserve(revisions.size());
  std::vector<std::pair<std::string_view, uint32_t>> repeats;
  for (uint32_t i = 0; i < revisions.size(); ++i) {
    if (!index.Insert(revisions[i].id().str(), i)) {
      repeats.emplace_back(revisions[i].id().str(), i);
    }
  }
  resolved->edge_begin.reserve(revisions.size() + 1);
  std::vector<std::string_view> sorted_ids;
  // Branch labels, for a depends_on that names one (the revision declaring it, as in
  // Alembic); gathered at the first name that is not an id, which most folders never meet.
  std::optional<std::unordered_map<std::string_view, uint32_t>> label_owners;
  // Ids a squash replaced, which name the squashed revision; gathered likewise.
  std::optional<ReplacedOwners> replaced;
  auto find = [&](std::string_view name, bool dependency) -> std::optional<uint32_t> {
    if (uint32_t target = index.Find(name); target != IdIndex::kMissing) return target;
    if (!replaced) replaced = FindReplacedOwners(revisions);
    if (auto it = replaced->find(std::string(name)); it != replaced->end()) return it->second;
    if (!dependency) return std::nullopt;
    if (!label_owners) label_owners = LabelOwners(revisions);
    if (auto it = label_owners->find(name); it != label_owners->end()) return it->second;
    return std::nullopt;
  };
  for (const Revision& revision : revisions) {
    const uint32_t first_edge = static_cast<uint32_t>(resolved->edge_targets.size());
    resolved->edge_begin.push_back(first_edge);
    auto depended_on_already = [&](uint32_t target) {
      for (size_t e = first_edge; e < resolved->edge_targets.size(); ++e) {
        if (resolved->edge_is_dependency[e] && resolved->edge_targets[e] == target) return true;
      }
      return false;
    };
    auto add = [&](std::string_view name, bool dependency) {
      if (std::optional<uint32_t> target = find(name, dependency)) {
        // A label naming a revision that depends_on also names by id is one dependency.
        if (dependency && depended_on_already(*target)) return;
        resolved->edge_targets.push_back(*target);
        resolved->edge_is_dependency.push_back(dependency);
        return;
      }
      if (sorted_ids.empty()) {
        index.ForEach([&](std::string_view known, uint32_t) { sorted_ids.push_back(known); });
        std::sort(sorted_ids.begin(), sorted_ids.end());
      }
      report->orphans.push_back(
          {revision.id().str(), revision.path(),
           dependency ? revision.lines().depends_on : revision.lines().down_revision,
           std::string(name), dependency ? "depends_on" : "down_revision",
           NearIds(sorted_ids, name)});
    };
    for (const auto& id : revision.down_revisions()) add(id.str(), false);
    for (const auto& ref : revision.depends_on()) add(ref.str(), true);
  }
  resolved->edge_begin.push_back(static_cast<uint32_t>(resolved->edge_targets.size()));
  std::sort(report->orphans.begin(), report->orphans.end(), [](const Orphan& a, const Orphan& b) {
    return std::tie(a.revision, a.missing) < std::tie(b.revision, b.missing);
  });

  std::sort(repeats.begin(), repeats.end());
  for (size_t i = 0; i < repeats.size();) {
    std::string_view id = repeats[i].first;
    std::vector<uint32_t> holders = {index.Find(id)};
    for (; i < repeats.size() && repeats[i].first == id; ++i) holders.push_back(repeats[i].second);
    std::sort(holders.begin(), holders.end(),
              [&](uint32_t a, uint32_t b) { return revisions[a].path() < revisions[b].path(); });
    DuplicateId duplicate{std::string(id), {}, {}};
    for (uint32_t holder : holders) {
      duplicate.paths.push_back(revisions[holder].path());
      duplicate.lines.push_back(revisions[holder].lines().revision);
    }
    report->duplicates.push_back(std::move(duplicate));
  }
}

// Tarjan's strongly connected components, iteratively (a 100,000-revision chain would
// overflow the stack if recursive). Edges run from a revision to what it names.
class CycleFinder {
 public:
  explicit CycleFinder(const ResolvedReferences& resolved)
      : resolved_(resolved),
        size_(resolved.edge_begin.size() - 1),
        order_(size_, kUnvisited),
        low_(size_, 0),
        on_stack_(size_, false) {}

  std::vector<std::vector<size_t>> Components() {
    for (size_t v = 0; v < size_; ++v) {
      if (order_[v] == kUnvisited) Visit(v);
    }
    return std::move(components_);
  }

  // A shortest cycle through `start` inside `members` (breadth-first), as a path that
  // starts at `start` and whose last element names `start`.
  std::vector<size_t> CycleThrough(size_t start, const std::vector<size_t>& members) const {
    std::unordered_map<size_t, size_t> came_from;
    std::vector<bool> in_component(size_, false);
    for (size_t m : members) in_component[m] = true;
    std::vector<size_t> frontier = {start};
    for (size_t head = 0; head < frontier.size(); ++head) {
      size_t v = frontier[head];
      for (uint32_t w : Edges(v)) {
        if (w == start) {
          std::vector<size_t> path = {v};
          while (path.back() != start) path.push_back(came_from.at(path.back()));
          std::reverse(path.begin(), path.end());
          return path;
        }
        if (in_component[w] && came_from.emplace(w, v).second) frontier.push_back(w);
      }
    }
    return {start};
  }

 private:
  static constexpr size_t kUnvisited = static_cast<size_t>(-1);

  void Visit(size_t root) {
    std::vector<std::pair<size_t, size_t>> frames = {{root, 0}};  // vertex, next edge
    Enter(root);
    while (!frames.empty()) {
      auto& [v, next] = frames.back();
      if (next < Edges(v).size()) {
        size_t w = Edges(v).begin()[next++];
        if (order_[w] == kUnvisited) {
          Enter(w);
          frames.emplace_back(w, 0);
        } else if (on_stack_[w]) {
          low_[v] = std::min(low_[v], order_[w]);
        }
        continue;
      }
      size_t done = v;
      frames.pop_back();
      if (!frames.empty())
        low_[frames.back().first] = std::min(low_[frames.back().first], low_[done]);
      if (low_[done] == order_[done]) Pop(done);
    }
  }

  void Enter(size_t v) {
    order_[v] = low_[v] = counter_++;
    stack_.push_back(v);
    on_stack_[v] = true;
  }

  void Pop(size_t root) {
    if (stack_.back() == root) {  // a component of one, as nearly all are: no list for it
      stack_.pop_back();
      on_stack_[root] = false;
      const EdgeRange edges = Edges(root);
      if (std::find(edges.begin(), edges.end(), root) != edges.end()) {
        components_.push_back({root});
      }
      return;
    }
    std::vector<size_t> component;
    size_t w;
    do {
      w = stack_.back();
      stack_.pop_back();
      on_stack_[w] = false;
      component.push_back(w);
    } while (w != root);
    bool self_loop = std::find(Edges(root).begin(), Edges(root).end(), root) != Edges(root).end();
    if (component.size() > 1 || self_loop) components_.push_back(std::move(component));
  }

  // The revisions `v` names, as a range over the resolved edges.
  struct EdgeRange {
    const uint32_t* first;
    const uint32_t* last;
    const uint32_t* begin() const { return first; }
    const uint32_t* end() const { return last; }
    size_t size() const { return static_cast<size_t>(last - first); }
  };
  EdgeRange Edges(size_t v) const {
    const uint32_t* targets = resolved_.edge_targets.data();
    return {targets + resolved_.edge_begin[v], targets + resolved_.edge_begin[v + 1]};
  }

  const ResolvedReferences& resolved_;
  size_t size_;
  std::vector<size_t> order_, low_;
  std::vector<bool> on_stack_;
  std::vector<size_t> stack_;
  size_t counter_ = 0;
  std::vector<std::vector<size_t>> components_;
};

// The line where revision `from` names revision `to`: its down_revision line, or its
// depends_on line when only depends_on names it.
int NamingLine(const std::vector<Revision>& revisions, const ResolvedReferences& resolved,
               size_t from, size_t to) {
  for (uint32_t e = resolved.edge_begin[from]; e < resolved.edge_begin[from + 1]; ++e) {
    if (resolved.edge_targets[e] != to) continue;
    const revisions::RevisionLines& lines = revisions[from].lines();
    return resolved.edge_is_dependency[e] ? lines.depends_on : lines.down_revision;
  }
  return 0;
}

void FindCycles(const std::vector<Revision>& revisions, const ResolvedReferences& resolved,
                StructureReport* report) {
  CycleFinder finder(resolved);
  for (std::vector<size_t>& component : finder.Components()) {
    size_t start = *std::min_element(component.begin(), component.end(), [&](size_t a, size_t b) {
      return revisions[a].id() < revisions[b].id();
    });
    // The path follows "names as parent" edges; reversed, it reads in upgrade direction.
    std::vector<size_t> path = finder.CycleThrough(start, component);
    std::reverse(path.begin() + 1, path.end());
    Cycle cycle;
    for (size_t i = 0; i < path.size(); ++i) {
      size_t named = path[(i + path.size() - 1) % path.size()];
      cycle.members.push_back(revisions[path[i]].id().str());
      cycle.paths.push_back(revisions[path[i]].path());
      cycle.lines.push_back(NamingLine(revisions, resolved, path[i], named));
    }
    cycle.members.push_back(cycle.members.front());
    cycle.paths.push_back(cycle.paths.front());
    cycle.lines.push_back(cycle.lines.front());
    report->cycles.push_back(std::move(cycle));
  }
  std::sort(report->cycles.begin(), report->cycles.end(),
            [](const Cycle& a, const Cycle& b) { return a.members < b.members; });
}

}  // namespace

StructureReport AnalyzeStructure(const std::vector<Revision>& revisions) {
  ResolvedReferences resolved;
  return AnalyzeStructure(revisions, &resolved);
}

StructureReport AnalyzeStructure(const std::vector<Revision>& revisions,
                                 ResolvedReferences* resolved) {
  StructureReport report;
  Resolve(revisions, resolved, &report);
  FindCycles(revisions, *resolved, &report);
  return report;
}

}  // namespace rev::engine
