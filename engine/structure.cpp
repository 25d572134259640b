#include "engine/structure.h"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_map>

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

void FindDuplicates(const std::vector<Revision>& revisions, StructureReport* report) {
  std::unordered_map<std::string_view, std::vector<size_t>> by_id;
  by_id.reserve(revisions.size());
  for (size_t i = 0; i < revisions.size(); ++i) by_id[revisions[i].id().str()].push_back(i);
  for (auto& [id, indices] : by_id) {
    if (indices.size() < 2) continue;
    std::sort(indices.begin(), indices.end(),
              [&](size_t a, size_t b) { return revisions[a].path() < revisions[b].path(); });
    DuplicateId duplicate{std::string(id), {}, {}};
    for (size_t i : indices) {
      duplicate.paths.push_back(revisions[i].path());
      duplicate.lines.push_back(revisions[i].lines().revision);
    }
    report->duplicates.push_back(std::move(duplicate));
  }
  std::sort(report->duplicates.begin(), report->duplicates.end(),
            [](const DuplicateId& a, const DuplicateId& b) { return a.id < b.id; });
}

void FindOrphans(const std::vector<Revision>& revisions,
                 const std::unordered_map<std::string_view, size_t>& index,
                 StructureReport* report) {
  std::vector<std::string_view> sorted_ids;
  auto check = [&](const Revision& revision, const std::vector<revisions::RevisionId>& ids,
                   const char* key, int line) {
    for (const auto& named : ids) {
      if (index.count(named.str()) != 0) continue;
      if (sorted_ids.empty()) {
        for (const auto& entry : index) sorted_ids.push_back(entry.first);
        std::sort(sorted_ids.begin(), sorted_ids.end());
      }
      report->orphans.push_back({revision.id().str(), revision.path(), line, named.str(), key,
                                 NearIds(sorted_ids, named.str())});
    }
  };
  for (const Revision& revision : revisions) {
    check(revision, revision.down_revisions(), "down_revision", revision.lines().down_revision);
    check(revision, revision.depends_on(), "depends_on", revision.lines().depends_on);
  }
  std::sort(report->orphans.begin(), report->orphans.end(), [](const Orphan& a, const Orphan& b) {
    return std::tie(a.revision, a.missing) < std::tie(b.revision, b.missing);
  });
}

// Tarjan's strongly connected components, iteratively (a 100,000-revision chain would
// overflow the stack if recursive). Edges run from a revision to what it names.
class CycleFinder {
 public:
  explicit CycleFinder(std::vector<std::vector<size_t>> edges)
      : edges_(std::move(edges)),
        order_(edges_.size(), kUnvisited),
        low_(edges_.size(), 0),
        on_stack_(edges_.size(), false) {}

  std::vector<std::vector<size_t>> Components() {
    for (size_t v = 0; v < edges_.size(); ++v) {
      if (order_[v] == kUnvisited) Visit(v);
    }
    return std::move(components_);
  }

  // A shortest cycle through `start` inside `members` (breadth-first), as a path that
  // starts at `start` and whose last element names `start`.
  std::vector<size_t> CycleThrough(size_t start, const std::vector<size_t>& members) const {
    std::unordered_map<size_t, size_t> came_from;
    std::vector<bool> in_component(edges_.size(), false);
    for (size_t m : members) in_component[m] = true;
    std::vector<size_t> frontier = {start};
    for (size_t head = 0; head < frontier.size(); ++head) {
      size_t v = frontier[head];
      for (size_t w : edges_[v]) {
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
      if (next < edges_[v].size()) {
        size_t w = edges_[v][next++];
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
    std::vector<size_t> component;
    size_t w;
    do {
      w = stack_.back();
      stack_.pop_back();
      on_stack_[w] = false;
      component.push_back(w);
    } while (w != root);
    bool self_loop =
        std::find(edges_[root].begin(), edges_[root].end(), root) != edges_[root].end();
    if (component.size() > 1 || self_loop) components_.push_back(std::move(component));
  }

  std::vector<std::vector<size_t>> edges_;
  std::vector<size_t> order_, low_;
  std::vector<bool> on_stack_;
  std::vector<size_t> stack_;
  size_t counter_ = 0;
  std::vector<std::vector<size_t>> components_;
};

void FindCycles(const std::vector<Revision>& revisions,
                const std::unordered_map<std::string_view, size_t>& index,
                StructureReport* report) {
  std::vector<std::vector<size_t>> edges(revisions.size());
  for (size_t i = 0; i < revisions.size(); ++i) {
    for (const auto* ids : {&revisions[i].down_revisions(), &revisions[i].depends_on()}) {
      for (const auto& named : *ids) {
        auto it = index.find(named.str());
        if (it != index.end()) edges[i].push_back(it->second);
      }
    }
  }
  CycleFinder finder(std::move(edges));
  for (std::vector<size_t>& component : finder.Components()) {
    size_t start = *std::min_element(component.begin(), component.end(), [&](size_t a, size_t b) {
      return revisions[a].id() < revisions[b].id();
    });
    // The path follows "names as parent" edges; reversed, it reads in upgrade direction.
    std::vector<size_t> path = finder.CycleThrough(start, component);
    std::reverse(path.begin() + 1, path.end());
    Cycle cycle;
    for (size_t v : path) {
      cycle.members.push_back(revisions[v].id().str());
      cycle.paths.push_back(revisions[v].path());
    }
    cycle.members.push_back(revisions[start].id().str());
    cycle.paths.push_back(revisions[start].path());
    report->cycles.push_back(std::move(cycle));
  }
  std::sort(report->cycles.begin(), report->cycles.end(),
            [](const Cycle& a, const Cycle& b) { return a.members < b.members; });
}

}  // namespace

StructureReport AnalyzeStructure(const std::vector<Revision>& revisions) {
  StructureReport report;
  std::unordered_map<std::string_view, size_t> index;
  index.reserve(revisions.size());
  for (size_t i = 0; i < revisions.size(); ++i) index.emplace(revisions[i].id().str(), i);

  FindDuplicates(revisions, &report);
  FindOrphans(revisions, index, &report);
  FindCycles(revisions, index, &report);
  return report;
}

}  // namespace rev::engine
