// Confirmation before a change (SPEC §3): asked once, on a terminal, showing what will
// happen; --yes answers it; with no terminal and no --yes the change is refused.
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"

namespace rev::cli {

// Shows `details` (one line each) and `question` on stderr and reads the answer from
// stdin. Ok at once with --yes; ok when the answer is `y` or `yes`. Fails with
// kInvalidInput when stdin is not a terminal (the hint names --yes), and with kFailed
// ("nothing was changed") for any other answer or end of input.
Status Confirm(Context& context, const std::vector<std::string>& details,
               const std::string& question);

}  // namespace rev::cli
