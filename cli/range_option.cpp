#include "cli/range_option.h"

#include <variant>

namespace rev::cli {

void AddRangeOption(CLI::App* command, std::string* text) {
  command->add_option("-r,--rev-range", *text, "START:END, START: or :END");
}

Result<std::optional<engine::TargetRange>> ParseRangeOption(const std::string& text,
                                                            const std::string& command) {
  if (text.empty()) return std::optional<engine::TargetRange>();
  auto parsed = engine::ParseTargetOrRange(text);
  if (!parsed.ok() || !std::holds_alternative<engine::TargetRange>(*parsed)) {
    return Status::InvalidInput(command + " -r takes START:END, START: or :END, not '" + text + "'")
        .WithHint(parsed.ok() ? "e.g. `rev " + command + " -r base:head` or `-r " + text + ":`"
                              : parsed.status().message());
  }
  return std::optional<engine::TargetRange>(std::get<engine::TargetRange>(*parsed));
}

}  // namespace rev::cli
