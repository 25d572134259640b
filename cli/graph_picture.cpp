#include "cli/graph_picture.h"

#include <algorithm>
#include <unordered_set>

#include "revisions/join.h"

namespace rev::cli {
namespace {

// Seven characters, as git abbreviates: short enough to read, long enough that a later
// revision rarely makes an old picture ambiguous. Extended while another id shares it.
constexpr size_t kShortIdLength = 7;

std::string ShortId(const engine::RevisionGraph& graph, const std::string& id) {
  size_t length = std::min(kShortIdLength, id.size());
  while (length < id.size() &&
         graph.MatchPrefix(std::string_view(id).substr(0, length)).size() > 1) {
    ++length;
  }
  return id.substr(0, length);
}

std::unordered_set<std::string> AppliedIds(const engine::RevisionGraph& graph,
                                           const engine::RevisionIds& heads) {
  engine::RevisionIds known;
  for (const auto& head : heads) {
    if (graph.Contains(head)) known.push_back(head);
  }
  std::unordered_set<std::string> applied;
  for (const auto& id : graph.Ancestors(known, /*with_dependencies=*/true)) {
    applied.insert(id.str());
  }
  return applied;
}

GraphNode NodeOf(const engine::RevisionGraph& graph, const revisions::Revision& revision,
                 const std::unordered_set<std::string>& heads) {
  const engine::RevisionId& id = revision.id();
  GraphNode node;
  node.id = id.str();
  node.short_id = ShortId(graph, node.id);
  node.message = revision.message();
  for (const auto& label : revision.branch_labels()) node.branch_labels.push_back(label.str());
  node.head = heads.count(node.id) != 0;
  node.base = revision.is_base();
  node.branch_point = graph.IsBranchPoint(id);
  node.merge_point = graph.IsMergePoint(id);
  return node;
}

// Marks the drawn revisions applied or pending, and adds the current heads the folder lacks.
void MarkDatabase(const engine::RevisionGraph& graph, const DatabaseStand& database,
                  GraphPicture* picture) {
  std::unordered_set<std::string> applied = AppliedIds(graph, database.heads);
  std::unordered_set<std::string> current;
  for (const auto& head : database.heads) current.insert(head.str());
  for (GraphNode& node : picture->nodes) {
    node.mark = applied.count(node.id) != 0 ? DatabaseMark::kApplied : DatabaseMark::kPending;
    node.current = current.count(node.id) != 0;
  }
  for (const auto& head : database.heads) {
    if (graph.Contains(head)) continue;
    GraphNode stranger;
    stranger.id = head.str();
    stranger.short_id = head.str();
    stranger.message = "not in the revisions folder";
    stranger.current = true;
    stranger.in_folder = false;
    stranger.mark = DatabaseMark::kApplied;
    picture->nodes.insert(picture->nodes.begin(), std::move(stranger));
  }
}

}  // namespace

GraphPicture CollectGraphPicture(const engine::RevisionGraph& graph, const engine::RevisionIds& ids,
                                 std::optional<DatabaseStand> database) {
  GraphPicture picture;
  std::unordered_set<std::string> heads;
  for (const auto& head : graph.Heads()) heads.insert(head.str());
  std::unordered_set<std::string> drawn;
  for (const auto& id : ids) drawn.insert(id.str());
  for (const auto& id : ids) {
    picture.nodes.push_back(NodeOf(graph, graph.Get(id), heads));
    for (const auto& parent : graph.Parents(id)) {
      if (drawn.count(parent.str()) != 0) picture.edges.push_back({parent.str(), id.str(), false});
    }
    for (const auto& dependency : graph.Dependencies(id)) {
      if (drawn.count(dependency.str()) != 0) {
        picture.edges.push_back({dependency.str(), id.str(), true});
      }
    }
  }
  if (database) MarkDatabase(graph, *database, &picture);
  picture.database = std::move(database);
  return picture;
}

std::string NodeLabel(const GraphNode& node) {
  std::string tags;
  for (const std::string& label : node.branch_labels) tags += " (" + label + ")";
  if (node.head) tags += " (head)";
  if (node.base) tags += " (base)";
  if (node.branch_point) tags += " (branchpoint)";
  if (node.merge_point) tags += " (mergepoint)";
  if (node.current) tags += " (current)";
  if (node.mark == DatabaseMark::kPending) tags += " (pending)";
  return node.short_id + tags + "\n" + node.message;
}

std::string GraphPicture::Caption() const {
  if (!database) return "";
  size_t applied = 0;
  size_t pending = 0;
  for (const GraphNode& node : nodes) {
    if (!node.in_folder) continue;
    (node.mark == DatabaseMark::kApplied ? applied : pending) += 1;
  }
  return database->where + ": current " +
         revisions::Join(database->heads, ", ", "base (nothing applied)") + "; " +
         std::to_string(applied) + " applied, " + std::to_string(pending) + " pending";
}

}  // namespace rev::cli
