#include "engine/graph_errors.h"

#include "revisions/join.h"

namespace rev::engine {
namespace {

constexpr const char* kSeeAll = "run `rev validate` to see every problem in the folder";

}  // namespace

std::string CycleText(const Cycle& cycle) { return revisions::Join(cycle.members, " -> "); }

Status StructureError(const StructureReport& report) {
  if (!report.duplicates.empty()) {
    const DuplicateId& duplicate = report.duplicates.front();
    return Status::InvalidInput("revision id '" + duplicate.id + "' is declared by " +
                                revisions::Join(duplicate.paths, " and "))
        .At({duplicate.paths.back(), duplicate.lines.back(), 0})
        .WithHint("give one of them a new id (`rev create` makes unique ids); " +
                  std::string(kSeeAll));
  }
  if (!report.orphans.empty()) {
    const Orphan& orphan = report.orphans.front();
    std::string hint = orphan.near.empty()
                           ? "fix the id, or add the missing revision file"
                           : "did you mean " + revisions::Join(orphan.near, " or ") + "?";
    return Status::InvalidInput(orphan.key + " '" + orphan.missing + "' names no revision")
        .At({orphan.path, orphan.line, 0})
        .WithHint(hint + "; " + kSeeAll);
  }
  const Cycle& cycle = report.cycles.front();
  return Status::InvalidInput("revisions form a cycle: " + CycleText(cycle))
      .At({cycle.paths.front(), cycle.lines.front(), 0})
      .WithHint(
          "a revision cannot be its own ancestor: fix the down_revision or depends_on of "
          "one of them; " +
          std::string(kSeeAll));
}

Status LabelDeclaredTwice(const std::string& label, const revisions::Revision& first,
                          const revisions::Revision& second) {
  return Status::InvalidInput("branch label '" + label + "' is declared by both " + first.path() +
                              " and " + second.path())
      .At({second.path(), second.lines().branch_labels, 0})
      .WithHint("a branch label names one branch: keep it on the revision that starts it");
}

Status LabelIsRevisionId(const std::string& label, const revisions::Revision& declaring,
                         const revisions::Revision& revision) {
  return Status::InvalidInput("branch label '" + label + "' is also the id of revision " +
                              revision.path())
      .At({declaring.path(), declaring.lines().branch_labels, 0})
      .WithHint("rename the label so targets stay unambiguous");
}

}  // namespace rev::engine
