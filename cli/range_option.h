// `-r START:END`, the range option `rev history` and `rev graph` share: bound on the command
// line as text, parsed once into an engine::TargetRange for engine::HistoryRange.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/target.h"
#include "revisions/result.h"

namespace rev::cli {

// Adds `-r,--rev-range START:END` to `command`, stored in `*text`.
void AddRangeOption(CLI::App* command, std::string* text);

// The range `text` names; nullopt when it is empty (everything). Fails with kInvalidInput,
// naming `command` (e.g. "history") and the forms it takes, for text that is no range
// (no ':'), with the target parser's reason as the hint when it did not parse.
Result<std::optional<engine::TargetRange>> ParseRangeOption(const std::string& text,
                                                            const std::string& command);

}  // namespace rev::cli
