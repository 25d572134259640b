// Revision graphs declared in a few literal lines (revision_spec.h), so a test reads as a
// sentence:
//
//   auto graph = Graph({{"a"}, {"b", {"a"}}, Rev("c", {"a"}).Labels({"x"}).DependsOn({"b"})});
//   CHECK(ToNames(graph.Heads()) == Names{"b", "c"});
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "engine/revision_graph.h"
#include "tests/support/revision_spec.h"

namespace rev::testing {

// The revision as the scan reads it from the file WriteRevision writes, as the
// `position`-th (from 1): the same bytes, lines and path ("revisions/<file name>").
engine::Revision ToRevision(const Rev& rev, size_t position);
// Each of `revisions` so, in order.
std::vector<engine::Revision> Revisions(const std::vector<Rev>& revisions);

// The graph of `revisions`; fails the running test when it cannot be built.
engine::RevisionGraph Graph(const std::vector<Rev>& revisions);
// The same, for tests about graphs that cannot be built.
Result<engine::RevisionGraph> TryGraph(const std::vector<Rev>& revisions);

// a -> b, a -> c, x -> y (y depends on b), m merging c and y, z after m depending on b:
// two bases, a branch point, a merge and dependencies across branches, for the tests that
// check a property over every plan of one graph.
std::vector<Rev> TwoBasesWithDependencies();

// Scans `<folder>/revisions`, as the CLI does, and builds the graph; fails the running test
// on any file or graph error.
engine::RevisionGraph LoadGraph(const std::filesystem::path& folder);
// Writes `revisions` into `<folder>/revisions` (WriteRevisions), then LoadGraph.
engine::RevisionGraph WriteGraph(const std::filesystem::path& folder,
                                 const std::vector<Rev>& revisions);

// Ids from text. REQUIRES: each is a valid revision id.
engine::RevisionIds Ids(const Names& names);
engine::RevisionId Id(const std::string& name);
Names ToNames(const engine::RevisionIds& ids);

// The revisions of a plan's steps, in execution order.
Names StepNames(const engine::Plan& plan);

// True when every revision in `order` comes after its down_revisions and depends_on that
// are also in `order` (upgrade), or before them (downgrade and history: newest first).
bool RespectsGraph(const engine::RevisionGraph& graph, const Names& order, bool newest_first);

// True when `before` comes earlier than `after` in `order` (both present).
bool ComesBefore(const Names& order, const std::string& before, const std::string& after);

}  // namespace rev::testing
