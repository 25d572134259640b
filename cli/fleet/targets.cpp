#include "cli/fleet/targets.h"

#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "engine/process/child_process.h"

namespace rev::cli {
namespace {

using revisions::FleetConfig;

constexpr const char* kFleetForms =
    "add `fleet:` to rev.yaml (a list of URLs, `{file: targets.txt}` or `{command: \"...\"}`), "
    "or pass --targets FILE";

std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\r") + 1 - begin);
}

// Where a URL was written: its own line of a file, or (a command's output) the line of
// rev.yaml that names the command, with the output's line in the message.
struct Origin {
  std::string file;
  int line = 0;
  std::string prefix;  // before an error's message
};

Result<FleetTarget> ParseTarget(const std::string& written, const Origin& origin,
                                const std::filesystem::path& root) {
  SourceLocation where{origin.file, origin.line, 0};
  REV_ASSIGN_OR_RETURN(std::string expanded, revisions::ExpandVariables(written, where));
  Result<engine::backends::DatabaseUrl> url = engine::backends::DatabaseUrl::Parse(expanded, root);
  if (!url.ok()) {  // every parse error is kInvalidInput
    return Status::InvalidInput(origin.prefix + url.status().message())
        .At(where)
        .WithHint(url.status().hint());
  }
  return FleetTarget{std::move(url).value(), std::move(expanded), where};
}

// Adds `target` to `targets` unless its database is there already.
Status Add(FleetTarget target, std::vector<FleetTarget>* targets,
           std::map<std::string, int>* seen) {
  auto [first, inserted] = seen->emplace(target.name(), target.where.line);
  if (!inserted) {
    return Status::InvalidInput("the fleet names " + target.name() + " twice (first at line " +
                                std::to_string(first->second) + ")")
        .At(target.where)
        .WithHint("keep one line for each database: each target is one run");
  }
  targets->push_back(std::move(target));
  return Status::Ok();
}

// One URL a line; `fixed` non-zero places every line there (a command's output).
Result<std::vector<FleetTarget>> ParseLines(const std::string& text, const std::string& file,
                                            int fixed, const std::filesystem::path& root) {
  std::vector<FleetTarget> targets;
  std::map<std::string, int> seen;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    std::string url = Trimmed(line);
    if (url.empty() || url[0] == '#') continue;
    Origin origin{file, fixed != 0 ? fixed : number, ""};
    if (fixed != 0)
      origin.prefix = "line " + std::to_string(number) + " of the fleet command's output: ";
    REV_ASSIGN_OR_RETURN(FleetTarget target, ParseTarget(url, origin, root));
    REV_RETURN_IF_ERROR(Add(std::move(target), &targets, &seen));
  }
  return targets;
}

Result<std::string> ReadText(const std::filesystem::path& file, const SourceLocation& named_at) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status::InvalidInput("cannot read the fleet's targets file " + file.string())
        .At(named_at)
        .WithHint("write one database URL a line there, or fix the path");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The last few lines of a failed command's stderr: where the reason is.
std::string Tail(const std::string& text, size_t lines) {
  std::string trimmed = Trimmed(text);
  size_t pos = trimmed.size();
  for (size_t kept = 0; kept < lines && pos != std::string::npos && pos > 0; ++kept) {
    pos = trimmed.rfind('\n', pos - 1);
  }
  return pos == std::string::npos ? trimmed : trimmed.substr(pos + 1);
}

// Runs the fleet command with /bin/sh in the project folder; its stdout is the list.
Result<std::string> CommandOutput(const FleetConfig& fleet, const SourceLocation& where,
                                  const std::filesystem::path& root) {
  engine::process::ChildCommand command;
  // cd first: the child runner starts children in rev's own working folder.
  command.argv = {"/bin/sh",   "-c",          "cd \"$1\" && eval \"$2\"",
                  "rev-fleet", root.string(), fleet.command};
  command.env = engine::process::CurrentEnvironment();
  command.capture_stdout = true;
  REV_ASSIGN_OR_RETURN(engine::process::ChildResult result, engine::process::RunChild(command));
  if (!result.ok()) {
    std::string tail = Tail(result.err, 5);
    return Status::InvalidInput("the fleet command `" + fleet.command + "` exited with code " +
                                std::to_string(result.exit_code) +
                                (tail.empty() ? "" : ":\n" + tail))
        .At(where)
        .WithHint("run it in the project folder to see why; it must print one URL a line");
  }
  return result.out;
}

Result<std::vector<FleetTarget>> FromConfig(const revisions::ProjectConfig& config) {
  const FleetConfig& fleet = config.fleet;
  const std::string file = config.file.string();
  SourceLocation where{file, fleet.line, 0};
  switch (fleet.source) {
    case FleetConfig::Source::kNone:
      return Status::InvalidInput("no fleet: rev.yaml has no `fleet:` and no --targets was given")
          .At({file, 0, 0})
          .WithHint(kFleetForms);
    case FleetConfig::Source::kList: {
      std::vector<FleetTarget> targets;
      std::map<std::string, int> seen;
      for (size_t i = 0; i < fleet.urls.size(); ++i) {
        REV_ASSIGN_OR_RETURN(
            FleetTarget target,
            ParseTarget(fleet.urls[i], {file, fleet.url_lines[i], ""}, config.root));
        REV_RETURN_IF_ERROR(Add(std::move(target), &targets, &seen));
      }
      return targets;
    }
    case FleetConfig::Source::kFile: {
      std::filesystem::path path = config.root / fleet.file;
      REV_ASSIGN_OR_RETURN(std::string text, ReadText(path, where));
      return ParseLines(text, path.string(), 0, config.root);
    }
    case FleetConfig::Source::kCommand: {
      REV_ASSIGN_OR_RETURN(std::string text, CommandOutput(fleet, where, config.root));
      return ParseLines(text, file, fleet.line, config.root);
    }
  }
  return std::vector<FleetTarget>();
}

}  // namespace

Result<std::vector<FleetTarget>> LoadFleetTargets(const revisions::ProjectConfig& config,
                                                  const std::filesystem::path& targets_file) {
  std::vector<FleetTarget> targets;
  std::string source = config.file.string();
  if (!targets_file.empty()) {
    REV_ASSIGN_OR_RETURN(std::string text, ReadText(targets_file, {}));
    REV_ASSIGN_OR_RETURN(targets, ParseLines(text, targets_file.string(), 0, config.root));
    source = targets_file.string();
  } else {
    REV_ASSIGN_OR_RETURN(targets, FromConfig(config));
  }
  if (targets.empty()) {
    return Status::InvalidInput("the fleet has no targets")
        .At({source, targets_file.empty() ? config.fleet.line : 0, 0})
        .WithHint("name at least one database URL");
  }
  return targets;
}

}  // namespace rev::cli
