#include "cli/completion_script.h"

namespace rev::cli {
namespace {

void AddFlags(const std::vector<OptionEntry>& options, CompletionData* data) {
  for (const OptionEntry& option : options) {
    for (const std::string& flag : option.flags) {
      data->flags += (data->flags.empty() ? "" : " ") + flag;
      if (!option.value_name.empty()) data->value_flags += " " + flag;
      if (option.takes_target) data->target_flags += " " + flag;
    }
  }
}

}  // namespace

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<CompletionData> ReadCompletionData(const CommandTable& table) {
  std::vector<CompletionData> all;
  CompletionData top;
  for (const std::string& name : table.top_level) {
    top.subcommands += (top.subcommands.empty() ? "" : " ") + name;
  }
  AddFlags(table.globals, &top);
  all.push_back(top);
  for (const CommandEntry& command : table.commands) {
    CompletionData data;
    data.key = command.Name();
    for (const std::string& name : command.subcommands) {
      data.subcommands += (data.subcommands.empty() ? "" : " ") + name;
    }
    AddFlags(command.options, &data);
    AddFlags(table.globals, &data);  // the global options may follow the command
    for (const OptionEntry& positional : command.positionals) {
      data.target_positional = data.target_positional || positional.takes_target;
    }
    all.push_back(data);
  }
  return all;
}

}  // namespace rev::cli
