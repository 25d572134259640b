// What an application starting up asks of rev: migrate under the handle's lock policy,
// or only learn whether anything is pending.
#pragma once

#include <string>

#include "cli/librev/project_state.h"

namespace rev::librev {

// `rev upgrade TARGET` or `rev downgrade TARGET` under the state's lock policy
// (rev_lock_policy in rev.h). Returns the exit code.
int Migrate(ProjectState& state, const std::string& command, const std::string& target);

// Runs `rev status`; on REV_OK sets *pending to whether it lists revisions to apply.
int Pending(ProjectState& state, bool* pending);

}  // namespace rev::librev
