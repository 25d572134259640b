// `rev downgrade TARGET`: reverts the revisions above TARGET (`-1`, `-N`, `base`, REV) from
// the database, step by step under the migration lock; with --sql START:TARGET, prints the
// script instead and opens nothing.
#pragma once

#include <string>

#include "cli/command.h"
#include "cli/database_session.h"

namespace rev::cli {

struct DowngradeOptions {
  std::string target;
  bool sql = false;
  bool dry_run = false;
  bool single_transaction = false;
  bool ignore_checksums = false;
  double lock_timeout = kDefaultLockTimeoutSeconds;
};

void RegisterDowngrade(CLI::App& app, Action* action);

// --sql: see RunOfflinePlan (it needs START:TARGET). Otherwise see RunOnlinePlan; a
// downgrade through a revision without a downgrade section is refused with kInvalidInput
// before anything changes.
Status RunDowngrade(const DowngradeOptions& options, Context& context);

}  // namespace rev::cli
