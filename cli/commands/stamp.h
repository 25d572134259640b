// `rev stamp TARGET [--purge]`: sets the version table to TARGET's revisions without
// running any SQL (adopting an existing database, recovering from a dirty step), under the
// migration lock, with a `stamped` history row.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/database_session.h"

namespace rev::cli {

struct StampOptions {
  std::string target;
  bool purge = false;  // replace rows the folder does not know
};

void RegisterStamp(CLI::App& app, Action* action);

// TARGET is any absolute target (head, heads, base, REV, label@head); asks first where the
// environment says `confirm: true`. Prints "Stamped ..." or, in JSON mode, {"from": [...],
// "current": [...]}. Fails with kInvalidInput for a relative or range target, or for two
// revisions on one branch; as ResolveTarget; kLockTimeout; kRefused when the version table
// holds revisions the folder does not know, unless --purge.
Status RunStamp(const StampOptions& options, Context& context);

}  // namespace rev::cli
