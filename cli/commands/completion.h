// `rev completion bash|zsh|fish` prints a shell's completion script; the hidden
// `rev __complete-targets [PREFIX]` is what those scripts run for a revision or target:
// `head`, `heads`, `base`, every revision id, branch label and `label@head` that starts
// with PREFIX, one per line, read from the files' headers only (through the scan cache).
// Outside a project, or with a folder that cannot be read, it prints nothing and exits 0:
// a completion never shows an error.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct CompletionOptions {
  std::string shell;  // bash, zsh or fish
};

struct CompleteTargetsOptions {
  std::string prefix;
};

// `app` is the whole command line (BuildApp's), which the scripts are written from; it
// must outlive the parse and the run.
void RegisterCompletion(CLI::App& app, Action* action);

}  // namespace rev::cli
