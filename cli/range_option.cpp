#include "cli/range_option.h"

#include <variant>

namespace rev::cli {

void AddRangeOption(CLI::App* command, std::string* text) {
  command->add_option("-r,--rev-range", *text, "START:END, START: or :END");
}

Result<std::optional<engine::RangeTarget>> ParseRangeOption(const std::string& text,
                                                            const std::string& command) {
  if (text.empty()) return std::optional<engine::RangeTarget>();
  auto target = engine::ParseTarget(text);
  if (!target.ok() || !std::holds_alternative<engine::RangeTarget>(*target)) {
    return Status::InvalidInput(command + " -r takes START:END, START: or :END, not '" + text + "'")
        .WithHint(target.ok() ? "e.g. `rev " + command + " -r base:head` or `-r " + text + ":`"
                              : target.status().message());
  }
  return std::optional<engine::RangeTarget>(std::get<engine::RangeTarget>(*target));
}

}  // namespace rev::cli
