// The shape every command file follows (cli/commands/*.h):
//
//   struct FooOptions { ... };                          // what the command line said
//   void RegisterFoo(CLI::App& app, Action* action);    // binds options, sets the action
//   Status RunFoo(const FooOptions&, Context&);         // orchestration only
//
// Parsing only records which command to run; main runs it once the global options are
// known and the Context exists.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

#include "cli/context.h"
#include "revisions/status.h"

namespace rev::cli {

using Action = std::function<Status(Context&)>;

// Makes `command`, when chosen on the command line, set `*action` to run(*options, ...).
template <typename Options>
void BindAction(CLI::App* command, std::shared_ptr<Options> options,
                Status (*run)(const Options&, Context&), Action* action) {
  command->callback([command_options = std::move(options), run, action] {
    *action = [command_options, run](Context& context) { return run(*command_options, context); };
  });
}

}  // namespace rev::cli
