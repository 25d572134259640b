#include "tests/cli/shipping_helpers.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "tests/support/exit_checks.h"

namespace rev::testing {
namespace {

// The names in the first column of a help line ("  -c,--config TEXT   ..."), split at ','.
std::vector<std::string> FirstColumn(const std::string& line) {
  std::istringstream words(line);
  std::string first;
  words >> first;
  std::vector<std::string> names;
  std::istringstream parts(first);
  for (std::string part; std::getline(parts, part, ',');) names.push_back(part);
  return names;
}

void Read(std::vector<std::string> path, std::vector<HelpedCommand>* all) {
  std::vector<std::string> args = path;
  args.push_back("--help");
  ProcessResult help = RunRev(args);
  REV_REQUIRE_EXIT(help, 0);
  HelpedCommand command;
  command.path = path;
  std::string section;
  for (const std::string& line : SplitLines(help.out)) {
    if (!line.empty() && line[0] != ' ') {
      section = line;
      continue;
    }
    if (line.rfind("  ", 0) != 0 || line.size() < 3 || line[2] == ' ') continue;
    for (const std::string& name : FirstColumn(line)) {
      if (section == "Options:" && name[0] == '-') command.options.push_back(name);
      if (section == "Positionals:") command.positionals.push_back(name);
      if (section == "Subcommands:") command.subcommands.push_back(name);
    }
  }
  std::vector<std::string> below = command.subcommands;
  all->push_back(std::move(command));
  for (const std::string& name : below) {
    std::vector<std::string> child = path;
    child.push_back(name);
    Read(child, all);
  }
}

}  // namespace

std::vector<HelpedCommand> ReadHelp() {
  std::vector<HelpedCommand> all;
  Read({}, &all);
  return all;
}

std::filesystem::path BuildFolder() { return std::filesystem::path(RevBinary()).parent_path(); }

}  // namespace rev::testing
