#include "cli/commands/man.h"

#include "cli/man_page.h"

namespace rev::cli {

void RegisterMan(CLI::App& app, Action* action) {
  CLI::App* command = app.add_subcommand("man", "")->group("");
  const CLI::App* root = &app;
  command->callback([root, action] {
    *action = [root](Context& context) -> Status {
      REV_ASSIGN_OR_RETURN(CommandTable table, ReadCommandTable(*root));
      std::string page = ManPage(table);
      page.pop_back();  // Print ends the line
      context.out().Print(page);
      return Status::Ok();
    };
  });
}

}  // namespace rev::cli
