#include "validators/folder_facts.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace rev::validators {
namespace {

using revisions::Revision;

// One revision per id (the first file in path order keeps it), sorted by id.
std::vector<const Revision*> UniqueById(std::vector<const Revision*> revisions) {
  std::stable_sort(revisions.begin(), revisions.end(),
                   [](const Revision* a, const Revision* b) { return a->id() < b->id(); });
  revisions.erase(
      std::unique(revisions.begin(), revisions.end(),
                  [](const Revision* a, const Revision* b) { return a->id() == b->id(); }),
      revisions.end());
  return revisions;
}

std::vector<const Revision*> FromGraph(const engine::RevisionGraph& graph,
                                       const engine::RevisionIds& ids) {
  std::vector<const Revision*> revisions;
  for (const auto& id : ids) revisions.push_back(&graph.Get(id));
  return revisions;
}

}  // namespace

FolderFacts GatherFolderFacts(const revisions::FolderScan& scan, FolderOptions options) {
  FolderFacts facts;
  facts.scan = &scan;
  facts.options = std::move(options);
  facts.structure = engine::AnalyzeStructure(scan.revisions);
  if (facts.structure.ok()) {
    auto graph = engine::RevisionGraph::Build(scan.revisions);
    if (graph.ok()) {
      facts.graph = std::move(graph).value();
    } else {
      facts.graph_status = graph.status();
    }
  } else {
    facts.graph_status = Status::InvalidInput("the revisions do not form a graph");
  }
  return facts;
}

std::vector<const Revision*> HeadsOf(const FolderFacts& facts) {
  if (facts.graph) return FromGraph(*facts.graph, facts.graph->Heads());
  std::unordered_set<std::string> named;
  for (const Revision& revision : facts.scan->revisions) {
    for (const auto& parent : revision.down_revisions()) named.insert(parent.str());
  }
  std::vector<const Revision*> heads;
  for (const Revision& revision : facts.scan->revisions) {
    if (named.count(revision.id().str()) == 0) heads.push_back(&revision);
  }
  return UniqueById(std::move(heads));
}

std::vector<const Revision*> BasesOf(const FolderFacts& facts) {
  if (facts.graph) return FromGraph(*facts.graph, facts.graph->Bases());
  std::vector<const Revision*> bases;
  for (const Revision& revision : facts.scan->revisions) {
    if (revision.is_base()) bases.push_back(&revision);
  }
  return UniqueById(std::move(bases));
}

bool EachHasOwnLabel(const FolderFacts& facts, const std::vector<const Revision*>& revisions) {
  if (!facts.graph) return false;
  std::vector<std::vector<revisions::BranchLabel>> labels;
  std::map<std::string, int> carriers;  // label → how many of `revisions` carry it
  for (const Revision* revision : revisions) {
    labels.push_back(facts.graph->LabelsOf(revision->id()));
    for (const auto& label : labels.back()) ++carriers[label.str()];
  }
  return std::all_of(labels.begin(), labels.end(), [&](const auto& own) {
    return std::any_of(own.begin(), own.end(),
                       [&](const auto& label) { return carriers[label.str()] == 1; });
  });
}

std::string NameWithFiles(const std::vector<const Revision*>& revisions) {
  std::string text;
  for (size_t i = 0; i < revisions.size(); ++i) {
    if (i > 0) text += ", ";
    text += revisions[i]->id().str() + " (" + revisions[i]->path() + ")";
  }
  return text;
}

}  // namespace rev::validators
