#include "cli/confirm.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <iostream>

namespace rev::cli {
namespace {

std::string Trimmed(const std::string& text) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  auto begin = std::find_if_not(text.begin(), text.end(), is_space);
  auto end = std::find_if_not(text.rbegin(), text.rend(), is_space).base();
  if (begin >= end) return "";
  std::string word(begin, end);
  std::transform(word.begin(), word.end(), word.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return word;
}

}  // namespace

Status Confirm(Context& context, const std::vector<std::string>& details,
               const std::string& question) {
  if (context.options().yes) return Status::Ok();
  if (isatty(STDIN_FILENO) != 1) {
    return Status::InvalidInput(question +
                                " needs a confirmation, and there is no terminal "
                                "to ask on; nothing was changed")
        .WithHint("pass --yes (-y) to confirm from a script");
  }
  std::string text;
  for (const std::string& line : details) text += line + "\n";
  context.out().Prompt(text + question + "? [y/N] ");
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    context.out().Prompt("\n");
    return Status::Failed("not confirmed; nothing was changed");
  }
  std::string word = Trimmed(answer);
  if (word == "y" || word == "yes") return Status::Ok();
  return Status::Failed("not confirmed; nothing was changed");
}

}  // namespace rev::cli
