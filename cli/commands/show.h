// `rev show REV`: everything about the revisions a target names.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct ShowOptions {
  std::string target;
};

void RegisterShow(CLI::App& app, Action* action);

// A block per revision (Alembic's `show`); JSON {"revisions": [...]}, one per revision the
// target resolves to (none for `base`). Fails with kInvalidInput for a relative target or
// a range, kNotFound / kAmbiguous as ResolveTarget.
Status RunShow(const ShowOptions& options, Context& context);

}  // namespace rev::cli
