// RevisionGraph: the revisions of a folder as a graph, built once and then only queried.
//
// Edges run from parent to child: from each `down_revision` to the revision naming it, and
// (as a second kind) from each `depends_on` target to the revision depending on it. The
// words follow Alembic: a head is a revision no other revision names as down_revision
// (a revision only depended upon is still a head); a base has no down_revision; a branch
// point has several children; a merge point has several down_revisions.
//
// Every list this class returns is in upgrade order (see UpgradeOrder) unless it says
// otherwise, so output built from it is deterministic.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "revisions/result.h"
#include "revisions/revision.h"

namespace rev::engine {

using revisions::BranchLabel;
using revisions::Revision;
using revisions::RevisionId;
using revisions::RevisionIds;

class RevisionGraph {
 public:
  // Builds the graph. Fails with kInvalidInput when AnalyzeStructure (structure.h) finds a
  // duplicate id, an orphan or a cycle (the message names the first one; the validators
  // report them all), when a branch label is declared twice or equals a revision id, or
  // as CheckReplacedIds (replaced_ids.h). A down_revision or depends_on naming an id a
  // squash replaced names the squashed revision: Parents, Get(id).down_revisions() and
  // every other answer say the squashed revision's id.
  static Result<RevisionGraph> Build(std::vector<Revision> revisions);

  RevisionGraph(RevisionGraph&&) noexcept;
  RevisionGraph& operator=(RevisionGraph&&) noexcept;
  RevisionGraph(const RevisionGraph&) = delete;
  RevisionGraph& operator=(const RevisionGraph&) = delete;
  ~RevisionGraph();

  size_t size() const;
  bool empty() const { return size() == 0; }

  bool Contains(const RevisionId& id) const;
  // nullptr when no revision has exactly this id.
  const Revision* Find(std::string_view id) const;
  // REQUIRES: Contains(id).
  const Revision& Get(const RevisionId& id) const;

  // The squashed revision whose `replaces:` lists `id` (a revision `rev squash` removed),
  // or nullptr. Find(id) stays nullptr for such an id: its file is gone.
  const Revision* ReplacedBy(std::string_view id) const;
  // Whether `id` is the last id a squash replaced: the revision that squash reached, which
  // a database may stand at and which then means the squashed revision.
  bool StandsAtSquashTarget(std::string_view id) const;
  // Whether any revision replaces others (has `replaces:`): false in most folders.
  bool AnyReplaced() const;

  RevisionIds Heads() const;
  RevisionIds Bases() const;

  // REQUIRES: Contains(id) for each of these.
  const RevisionIds& Parents(const RevisionId& id) const;  // down_revisions as written
  // depends_on, each resolved to a revision (a branch label to the revision declaring it).
  const RevisionIds& Dependencies(const RevisionId& id) const;
  RevisionIds Children(const RevisionId& id) const;    // by down_revision
  RevisionIds Dependents(const RevisionId& id) const;  // by depends_on
  bool IsBranchPoint(const RevisionId& id) const;      // 2+ children by down_revision
  bool IsMergePoint(const RevisionId& id) const;       // 2+ down_revisions

  // Alembic's "normalized down revisions": the down_revisions plus those depends_on that
  // no ancestor (through down_revision) also depends on. These are the version-table rows
  // a step consumes (upgrade) or restores (downgrade).
  RevisionIds NormalizedDownRevisions(const RevisionId& id) const;

  // The given revisions and all revisions they reach through down_revision and, when
  // `with_dependencies`, depends_on edges. Unknown ids are ignored.
  RevisionIds Ancestors(const RevisionIds& ids, bool with_dependencies = true) const;
  RevisionIds Descendants(const RevisionIds& ids, bool with_dependencies = true) const;

  // The labels a revision carries: its own, those declared by ancestors (descendants
  // inherit, through down_revision only), and, as in Alembic, those of the nearest labelled
  // descendants when it lies on the unbranched stretch leading to them. Sorted.
  std::vector<BranchLabel> LabelsOf(const RevisionId& id) const;
  // The revision that declares `label`, if any.
  const Revision* LabelOwner(std::string_view label) const;

  // Revisions whose id starts with `prefix`, sorted by id (binary search, not a scan).
  RevisionIds MatchPrefix(std::string_view prefix) const;

  // All revisions, each after its down_revisions and depends_on. Where the graph leaves
  // the order free, the earlier `created_at` comes first, then the smaller id (SPEC §2).
  const RevisionIds& UpgradeOrder() const;
  // Position of `id` in UpgradeOrder. REQUIRES: Contains(id).
  size_t OrderIndex(const RevisionId& id) const;
  // `ids` sorted by OrderIndex (unknown ids dropped).
  RevisionIds InUpgradeOrder(const RevisionIds& ids) const;

 private:
  struct Impl;
  explicit RevisionGraph(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "a (revisions/a_x.sql), b (revisions/b_y.sql)": each revision and its file, at most
// `limit` of them, then "and N more".
std::string DescribeRevisions(const RevisionGraph& graph, const RevisionIds& ids,
                              size_t limit = 10);

}  // namespace rev::engine
