// Revision graphs declared in a few literal lines, so a test reads as a sentence:
//
//   auto graph = Graph({{"a"}, {"b", {"a"}}, Rev("c", {"a"}).Labels({"x"}).DependsOn({"b"})});
//   CHECK(ToNames(graph.Heads()) == Names{"b", "c"});
//
// Unless a test says otherwise (`At`), each revision's created_at is one second after the
// previous one's, so the order SPEC §2 fixes follows the order of declaration.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "engine/revision_graph.h"

namespace rev::testing {

using Names = std::vector<std::string>;

// One revision of a test graph: {"b", {"a"}} is revision b with down_revision a.
class Rev {
 public:
  Rev(const char* id, Names down_revisions = {})  // NOLINT(google-explicit-constructor)
      : id_(id), down_revisions_(std::move(down_revisions)) {}
  Rev(std::string id, Names down_revisions = {})  // NOLINT(google-explicit-constructor)
      : id_(std::move(id)), down_revisions_(std::move(down_revisions)) {}

  Rev Labels(Names labels) && { return Set(&Rev::labels_, std::move(labels)); }
  Rev DependsOn(Names depends_on) && { return Set(&Rev::depends_on_, std::move(depends_on)); }
  Rev At(std::string created_at) && { return Set(&Rev::created_at_, std::optional(created_at)); }
  Rev NonTransactional() && { return Set(&Rev::transactional_, false); }
  Rev Sql(std::string upgrade, std::optional<std::string> downgrade) && {
    upgrade_sql_ = std::move(upgrade);
    downgrade_sql_ = std::move(downgrade);
    return std::move(*this);
  }

  // The Revision, with path "revisions/<id>.sql"; `position` gives the default created_at.
  engine::Revision ToRevision(size_t position) const;

 private:
  template <typename T>
  Rev Set(T Rev::*member, T value) {
    this->*member = std::move(value);
    return std::move(*this);
  }

  std::string id_;
  Names down_revisions_;
  Names labels_;
  Names depends_on_;
  std::optional<std::string> created_at_;
  bool transactional_ = true;
  std::string upgrade_sql_;
  std::optional<std::string> downgrade_sql_;
};

// The graph of `revisions`; fails the running test when it cannot be built.
engine::RevisionGraph Graph(const std::vector<Rev>& revisions);
// The same, for tests about graphs that cannot be built.
Result<engine::RevisionGraph> TryGraph(const std::vector<Rev>& revisions);

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
