// One `rev` command run for a librev handle: the handle's rev.yaml, database and
// environment before it, `--json` always, its output caught by a CallSink.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/librev/project_state.h"

namespace rev::librev {

// Runs `rev --json --config=CONFIG [--database=URL] [--env=ENV] ARGS...` in this process. Sets the
// state's result (the JSON document) and error; returns the exit code.
int RunCommand(ProjectState& state, const std::vector<std::string>& args);

// The parsed result of the state's last command (null when it printed none).
nlohmann::json ResultDocument(const ProjectState& state);

// The JSON name of the first error a command's document reports ("lock-timeout", ...), or
// "" when it reports none.
std::string FirstErrorCode(const nlohmann::json& document);

}  // namespace rev::librev
