// FolderFacts: what the folder rules look at, gathered once per run.
//
// The scan (every revision and every file error), the config's own warnings, the
// structural analysis of engine/structure.h and, when the revisions form a graph, the graph
// itself. Each rule reads what it needs; none of them reads a file or a database. Rules
// about the database (`rev validate --db`) take these facts plus the database's own, in a
// separate entry point, so the folder rules never change for them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/revision_graph.h"
#include "engine/structure.h"
#include "revisions/notice.h"
#include "revisions/revision_folder.h"

namespace rev::validators {

struct FolderOptions {
  std::string file_template = "{rev}_{slug}";      // rev.yaml's, to check file names against
  std::vector<revisions::Notice> config_warnings;  // rev.yaml's unknown keys, reported too
};

struct FolderFacts {
  const revisions::FolderScan* scan = nullptr;
  FolderOptions options;
  engine::StructureReport structure;
  std::optional<engine::RevisionGraph> graph;  // absent when the revisions are no graph
  Status graph_status;                         // why `graph` is absent (ok when present)
};

// REQUIRES: `scan` outlives the returned facts.
FolderFacts GatherFolderFacts(const revisions::FolderScan& scan, FolderOptions options);

// The heads (revisions no other revision names as down_revision) and the bases (revisions
// with no down_revision), one per id, in upgrade order when there is a graph, else by id.
// They are known even when the graph is not, so several heads are reported together with
// an orphan or a cycle.
std::vector<const revisions::Revision*> HeadsOf(const FolderFacts& facts);
std::vector<const revisions::Revision*> BasesOf(const FolderFacts& facts);

// True when every one of `revisions` carries a branch label (its own or inherited, as
// RevisionGraph::LabelsOf) that none of the others carries: the branches were kept apart
// on purpose and `label@head` names each. False without a graph.
bool EachHasOwnLabel(const FolderFacts& facts,
                     const std::vector<const revisions::Revision*>& revisions);

// "id (path)" for each, joined with ", ".
std::string NameWithFiles(const std::vector<const revisions::Revision*>& revisions);

}  // namespace rev::validators
