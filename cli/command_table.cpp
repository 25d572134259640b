#include "cli/command_table.h"

#include <algorithm>
#include <utility>

#include "revisions/join.h"

namespace rev::cli {
namespace {

struct TargetOption {
  const char* command;  // as CommandEntry::Name
  const char* option;   // a positional's name or a long flag
};

// Where the command line takes a revision or a target: the shells complete these with the
// folder's ids, labels, head, heads and base (`rev __complete-targets`).
constexpr TargetOption kTargetOptions[] = {
    {"upgrade", "target"},      {"downgrade", "target"},     {"stamp", "target"},
    {"show", "revision"},       {"merge", "revisions"},      {"squash", "target"},
    {"history", "--rev-range"}, {"graph", "--rev-range"},    {"create", "--head"},
    {"create", "--depends-on"}, {"fleet upgrade", "target"}, {"fleet downgrade", "target"},
    {"restore", "--to"},        {"replay", "--to"},
};

bool Visible(const CLI::App* command) { return !command->get_group().empty(); }

OptionEntry ReadOption(const CLI::Option& option) {
  OptionEntry entry;
  for (const std::string& name : option.get_snames()) entry.flags.push_back("-" + name);
  for (const std::string& name : option.get_lnames()) entry.flags.push_back("--" + name);
  if (option.get_positional()) entry.positional = option.get_name(true, false);
  if (option.get_expected_max() != 0 && option.get_type_size_max() != 0) {
    entry.value_name = option.get_type_name();
  }
  entry.description = option.get_description();
  entry.required = option.get_required();
  entry.repeats = option.get_items_expected_max() > 1 ||
                  option.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  return entry;
}

bool IsHelp(const CLI::Option& option) {
  const std::vector<std::string>& names = option.get_lnames();
  return std::find(names.begin(), names.end(), "help") != names.end();
}

void ReadCommand(const CLI::App& command, std::vector<std::string> path, CommandTable* table) {
  CommandEntry entry;
  entry.path = std::move(path);
  entry.description = command.get_description();
  for (const CLI::Option* option : command.get_options()) {
    if (IsHelp(*option)) continue;
    OptionEntry read = ReadOption(*option);
    if (option->get_positional()) entry.positionals.push_back(read);
    if (!read.flags.empty()) entry.options.push_back(read);
  }
  std::vector<const CLI::App*> children =
      command.get_subcommands([](const CLI::App* child) { return Visible(child); });
  for (const CLI::App* child : children) entry.subcommands.push_back(child->get_name());
  std::vector<std::string> base = entry.path;
  table->commands.push_back(std::move(entry));
  for (const CLI::App* child : children) {
    std::vector<std::string> child_path = base;
    child_path.push_back(child->get_name());
    ReadCommand(*child, std::move(child_path), table);
  }
}

// Marks the options of kTargetOptions; fails naming the first that is missing.
Status MarkTargets(CommandTable* table) {
  for (const TargetOption& target : kTargetOptions) {
    bool found = false;
    for (CommandEntry& command : table->commands) {
      if (command.Name() != target.command) continue;
      for (auto* list : {&command.options, &command.positionals}) {
        for (OptionEntry& option : *list) {
          const auto& flags = option.flags;
          if (option.positional == target.option ||
              std::find(flags.begin(), flags.end(), target.option) != flags.end()) {
            option.takes_target = true;
            found = true;
          }
        }
      }
    }
    if (!found) {
      return Status::Internal(std::string("the completion table names `rev ") + target.command +
                              " " + target.option + "`, which the command line does not have");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string CommandEntry::Name() const { return revisions::Join(path, " "); }

Result<CommandTable> ReadCommandTable(const CLI::App& app) {
  CommandTable table;
  table.description = app.get_description();
  for (const CLI::Option* option : app.get_options()) table.globals.push_back(ReadOption(*option));
  for (const CLI::App* command :
       app.get_subcommands([](const CLI::App* child) { return Visible(child); })) {
    table.top_level.push_back(command->get_name());
    ReadCommand(*command, {command->get_name()}, &table);
  }
  REV_RETURN_IF_ERROR(MarkTargets(&table));
  return table;
}

}  // namespace rev::cli
