// `rev upgrade [TARGET=head]`: with --sql, the script that would bring a database from
// base (or START of START:TARGET) to TARGET, without opening one.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct UpgradeOptions {
  std::string target = "head";
  bool sql = false;
  bool dry_run = false;
  bool auto_merge = false;
  bool backup = false;
  bool single_transaction = false;
};

void RegisterUpgrade(CLI::App& app, Action* action);

// See RunOfflinePlan. `head` with several heads fails with kAmbiguous naming them and the
// fixes. Without --sql: kInvalidInput, the database is not available yet.
Status RunUpgrade(const UpgradeOptions& options, Context& context);

}  // namespace rev::cli
