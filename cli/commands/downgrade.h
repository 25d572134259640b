// `rev downgrade TARGET`: with --sql START:TARGET, the script that would take a database
// from START down to TARGET, without opening one.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct DowngradeOptions {
  std::string target;
  bool sql = false;
  bool dry_run = false;
  bool single_transaction = false;
};

void RegisterDowngrade(CLI::App& app, Action* action);

// See RunOfflinePlan: --sql needs START:TARGET. Without --sql: kInvalidInput, the database
// is not available yet.
Status RunDowngrade(const DowngradeOptions& options, Context& context);

}  // namespace rev::cli
