// The command line as data, read from the CLI::App that parses it, for what describes the
// command line elsewhere: the man page (cli/man_page.h) and the shell completions
// (cli/completion_script.h). Being read from the parser, they cannot disagree with it or
// with `--help`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "revisions/result.h"

namespace rev::cli {

struct OptionEntry {
  std::vector<std::string> flags;  // "-c", "--config"; empty for a plain positional
  std::string positional;          // "target" when the option is (also) a positional
  std::string value_name;          // "TEXT", "FLOAT", ...; empty for a flag
  std::string description;
  bool required = false;
  bool repeats = false;       // may be given several times, or takes several values
  bool takes_target = false;  // its value is a revision or target (completed from the folder)
};

struct CommandEntry {
  std::vector<std::string> path;  // {"fleet", "upgrade"} for `rev fleet upgrade`
  std::string description;
  std::vector<OptionEntry> options;      // the named ones, --help left out
  std::vector<OptionEntry> positionals;  // in order
  std::vector<std::string> subcommands;  // the names of the commands one level below

  // "fleet upgrade"
  std::string Name() const;
};

struct CommandTable {
  std::string description;             // the program's
  std::vector<OptionEntry> globals;    // the options of `rev` itself, --help and --version too
  std::vector<CommandEntry> commands;  // every visible command, depth first, parents first
  std::vector<std::string> top_level;  // the names of the visible commands of `rev` itself
};

// Reads `app` (BuildApp's). Hidden commands (group "") are left out. Fails with kInternal
// when the table of options taking a target names one the parser does not have (a command
// renamed without its completion).
Result<CommandTable> ReadCommandTable(const CLI::App& app);

}  // namespace rev::cli
