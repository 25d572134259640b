// The errors RevisionGraph::Build refuses with, worded for a person: what is wrong, in
// which file and line, and what to do. The validators word the same findings themselves
// (all of them at once); these say the first and point to `rev validate` for the rest.
#pragma once

#include <string>

#include "engine/structure.h"
#include "revisions/revision.h"
#include "revisions/status.h"

namespace rev::engine {

// REQUIRES: !report.ok().
Status StructureError(const StructureReport& report);

Status LabelDeclaredTwice(const std::string& label, const revisions::Revision& first,
                          const revisions::Revision& second);

Status LabelIsRevisionId(const std::string& label, const revisions::Revision& declaring,
                         const revisions::Revision& revision);

// "a -> b -> a", for cycle messages.
std::string CycleText(const Cycle& cycle);

}  // namespace rev::engine
