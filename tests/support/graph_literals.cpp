#include "tests/support/graph_literals.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <unordered_map>

#include "revisions/revision_file.h"
#include "revisions/revision_folder.h"

namespace rev::testing {
engine::Revision ToRevision(const Rev& rev, size_t position) {
  Rev filled = WithDefaults(rev, position);
  std::string path = "revisions/" + FileNameOf(filled);
  auto parsed = revisions::ParseRevisionText(RevisionText(filled), path);
  INFO(path << ": " << parsed.status().ToString());
  REQUIRE(parsed.ok());
  return std::move(parsed->revision);
}

std::vector<engine::Revision> Revisions(const std::vector<Rev>& revisions) {
  std::vector<engine::Revision> built;
  built.reserve(revisions.size());
  for (size_t i = 0; i < revisions.size(); ++i) built.push_back(ToRevision(revisions[i], i + 1));
  return built;
}

Result<engine::RevisionGraph> TryGraph(const std::vector<Rev>& revisions) {
  return engine::RevisionGraph::Build(Revisions(revisions));
}

engine::RevisionGraph Graph(const std::vector<Rev>& revisions) {
  auto graph = TryGraph(revisions);
  INFO(graph.status().ToString());
  REQUIRE(graph.ok());
  return std::move(graph).value();
}

std::vector<Rev> TwoBasesWithDependencies() {
  return {{"a"},
          {"x"},
          {"b", {"a"}},
          Rev("y", {"x"}).DependsOn({"b"}),
          {"c", {"a"}},
          {"m", {"c", "y"}},
          Rev("z", {"m"}).DependsOn({"b"})};
}

engine::RevisionGraph LoadGraph(const std::filesystem::path& folder) {
  auto scan = revisions::ScanRevisionFolder(folder / "revisions", "revisions/");
  INFO(scan.status().ToString());
  REQUIRE(scan.ok());
  for (const Status& error : scan->errors) FAIL(error.ToString());
  auto graph = engine::RevisionGraph::Build(std::move(scan->revisions));
  INFO(graph.status().ToString());
  REQUIRE(graph.ok());
  return std::move(graph).value();
}

engine::RevisionGraph WriteGraph(const std::filesystem::path& folder,
                                 const std::vector<Rev>& revisions) {
  WriteRevisions(folder, revisions);
  return LoadGraph(folder);
}

engine::RevisionId Id(const std::string& name) {
  auto id = engine::RevisionId::Parse(name);
  INFO(name);
  REQUIRE(id.ok());
  return *id;
}

engine::RevisionIds Ids(const Names& names) {
  engine::RevisionIds ids;
  ids.reserve(names.size());
  for (const std::string& name : names) ids.push_back(Id(name));
  return ids;
}

Names ToNames(const engine::RevisionIds& ids) {
  Names names;
  names.reserve(ids.size());
  for (const engine::RevisionId& id : ids) names.push_back(id.str());
  return names;
}

Names StepNames(const engine::Plan& plan) {
  Names names;
  for (const engine::Step& step : plan.steps) names.push_back(step.revision.str());
  return names;
}

bool RespectsGraph(const engine::RevisionGraph& graph, const Names& order, bool newest_first) {
  std::unordered_map<std::string, size_t> position;
  for (size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  for (const std::string& name : order) {
    const engine::Revision* revision = graph.Find(name);
    if (revision == nullptr) return false;
    std::vector<engine::RevisionId> before = revision->down_revisions();
    const auto& dependencies = graph.Dependencies(revision->id());
    before.insert(before.end(), dependencies.begin(), dependencies.end());
    for (const engine::RevisionId& parent : before) {
      auto it = position.find(parent.str());
      if (it == position.end()) continue;
      bool parent_first = it->second < position[name];
      if (parent_first == newest_first) return false;
    }
  }
  return true;
}

bool ComesBefore(const Names& order, const std::string& before, const std::string& after) {
  auto first = std::find(order.begin(), order.end(), before);
  auto second = std::find(order.begin(), order.end(), after);
  return first != order.end() && second != order.end() && first < second;
}

}  // namespace rev::testing
