// `rev init [DIR]`: starts a project — rev.yaml and an empty revisions/ folder.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct InitOptions {
  std::string dir = ".";
};

void RegisterInit(CLI::App& app, Action* action);

// Fails with kInvalidInput, writing nothing, when DIR/rev.yaml exists or DIR/revisions is
// not a folder; or when the folder cannot be written.
Status RunInit(const InitOptions& options, Context& context);

}  // namespace rev::cli
