// What the man page and completion tests share: the commands and options `rev --help` and
// `rev COMMAND --help` list, read from the help text a person sees.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rev::testing {

struct HelpedCommand {
  std::vector<std::string> path;         // {"fleet", "upgrade"}; empty for rev itself
  std::vector<std::string> options;      // "-c", "--config", ...
  std::vector<std::string> positionals;  // "target"
  std::vector<std::string> subcommands;  // the names under "Subcommands:"
};

// rev itself and every command below it, depth first, from running `rev [PATH] --help`.
std::vector<HelpedCommand> ReadHelp();

// The folder of the built rev, where the build writes rev.1 and completions/.
std::filesystem::path BuildFolder();

}  // namespace rev::testing
