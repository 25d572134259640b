// `rev completion bash|zsh|fish`: the shell completion scripts, written from the command
// table (cli/command_table.h). They complete commands and options, and, where a command
// takes a revision or target, the folder's ids, branch labels, head, heads and base by
// running `rev __complete-targets PREFIX` (cli/commands/completion.h).
#pragma once

#include <string>
#include <vector>

#include "cli/command_table.h"

namespace rev::cli {

// The scripts. Bash's and zsh's share their data functions (completion_posix.cpp).
std::string BashCompletion(const CommandTable& table);
std::string ZshCompletion(const CommandTable& table);
std::string FishCompletion(const CommandTable& table);

// What the scripts need from the table, per command ("" is `rev` itself): the words that
// follow it, shell-quoted and space-separated.
struct CompletionData {
  std::string key;           // CommandEntry::Name, "" for rev itself
  std::string subcommands;   // "upgrade downgrade status"
  std::string flags;         // every option, the global ones included
  std::string value_flags;   // the options that take a value
  std::string target_flags;  // the options whose value is a target
  bool target_positional = false;
};
std::vector<CompletionData> ReadCompletionData(const CommandTable& table);

// `text` in single quotes for a POSIX shell or fish.
std::string ShellQuote(const std::string& text);

}  // namespace rev::cli
