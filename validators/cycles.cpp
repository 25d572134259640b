#include "engine/graph_errors.h"
#include "validators/rules.h"

namespace rev::validators {

void CheckCycles(const FolderFacts& facts, Findings* findings) {
  for (const engine::Cycle& cycle : facts.structure.cycles) {
    Finding finding;
    finding.code = "cycle";
    // members close the loop (a -> b -> a), so a revision naming itself has two entries.
    bool self = cycle.members.size() <= 2;
    finding.message = self ? "revision " + cycle.members.front() +
                                 " names itself as its own down_revision or depends_on"
                           : "revisions form a cycle: " + engine::CycleText(cycle);
    // Each location is the line where that file names the cycle's previous member.
    finding.location = {cycle.paths.front(), cycle.lines.front(), 0};
    for (size_t i = 1; i + 1 < cycle.paths.size(); ++i) {
      finding.related.push_back({cycle.paths[i], cycle.lines[i], 0});
    }
    finding.hint =
        "a revision cannot be its own ancestor: fix the down_revision or depends_on of one of "
        "these files";
    findings->push_back(std::move(finding));
  }
}

}  // namespace rev::validators
