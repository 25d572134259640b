#include "engine/importers/sqitch_layout.h"

#include <cctype>
#include <map>
#include <string_view>
#include <system_error>
#include <utility>

#include "engine/schema/sql_text.h"
#include "revisions/revision_folder.h"

namespace rev::engine::importers {
namespace {

using Settings = std::map<std::string, std::string>;  // "core.top_dir" -> value

using schema::Lower;
using schema::Trim;

// The line up to a '#' or ';' that is not inside double quotes.
std::string_view WithoutComment(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    if (!quoted && (line[i] == '#' || line[i] == ';')) return line.substr(0, i);
  }
  return line;
}

// `[core]` -> "core", `[engine "pg"]` -> "engine.pg"; "" when the line is no header.
std::string SectionName(std::string_view line) {
  if (line.size() < 2 || line.front() != '[' || line.back() != ']') return "";
  std::string_view inner = Trim(line.substr(1, line.size() - 2));
  const size_t quote = inner.find('"');
  if (quote == std::string_view::npos) return Lower(inner);
  std::string_view sub = inner.substr(quote + 1);
  if (sub.empty() || sub.back() != '"') return "";
  sub.remove_suffix(1);
  return Lower(Trim(inner.substr(0, quote))) + "." + std::string(sub);
}

// sqitch.conf is git-config syntax: `[section "sub"]` headers and `key = value` lines.
Result<Settings> ParseConfig(const std::string& text, const std::string& file) {
  Settings settings;
  std::string section;
  int line_number = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line_number;
    const std::string_view line =
        Trim(WithoutComment(std::string_view(text).substr(start, end - start)));
    start = end + 1;
    if (line.empty()) continue;
    if (line.front() == '[') {
      section = SectionName(line);
      if (section.empty()) {
        return Status::InvalidInput("'" + std::string(line) + "' is no section header")
            .At({file, line_number})
            .WithHint("write it as [core] or [engine \"pg\"]");
      }
      continue;
    }
    const size_t equals = line.find('=');
    const std::string key = Lower(Trim(line.substr(0, equals)));
    if (section.empty() || key.empty()) {
      return Status::InvalidInput("'" + std::string(line) + "' is no setting of a section")
          .At({file, line_number})
          .WithHint("write `key = value` lines below a [section] header");
    }
    std::string_view value =
        equals == std::string_view::npos ? "true" : Trim(line.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    settings[section + "." + key] = std::string(value);
  }
  return settings;
}

// Sqitch looks a setting up in the engine's section first, then in [core].
std::string Setting(const Settings& settings, const std::string& key) {
  auto engine = settings.find("core.engine");
  if (engine != settings.end()) {
    auto found = settings.find("engine." + engine->second + "." + key);
    if (found != settings.end()) return found->second;
  }
  auto found = settings.find("core." + key);
  return found == settings.end() ? "" : found->second;
}

}  // namespace

Result<SqitchLayout> ReadSqitchLayout(const std::filesystem::path& folder) {
  const std::filesystem::path config = folder / "sqitch.conf";
  Settings settings;
  std::error_code error;
  if (std::filesystem::exists(config, error)) {
    const std::string shown = config.lexically_normal().string();
    REV_ASSIGN_OR_RETURN(std::string text, revisions::ReadFileBytes(config, shown));
    REV_ASSIGN_OR_RETURN(settings, ParseConfig(text, shown));
  }
  // A folder from the settings (relative to `folder`), or `fallback`.
  auto folder_for = [&](const std::string& key, const std::filesystem::path& fallback) {
    const std::string value = Setting(settings, key);
    return value.empty() ? fallback : (folder / value).lexically_normal();
  };
  SqitchLayout layout;
  const std::filesystem::path top = folder_for("top_dir", folder.lexically_normal());
  const std::filesystem::path reworked = folder_for("reworked_dir", top);
  layout.plan_file = folder_for("plan_file", (top / "sqitch.plan").lexically_normal());
  layout.deploy_dir = folder_for("deploy_dir", (top / "deploy").lexically_normal());
  layout.revert_dir = folder_for("revert_dir", (top / "revert").lexically_normal());
  layout.reworked_deploy_dir =
      folder_for("reworked_deploy_dir", (reworked / "deploy").lexically_normal());
  layout.reworked_revert_dir =
      folder_for("reworked_revert_dir", (reworked / "revert").lexically_normal());
  const std::string extension = Setting(settings, "extension");
  if (!extension.empty()) layout.extension = extension;
  return layout;
}

}  // namespace rev::engine::importers
