// Running the built `rev` (and other programs) the way a user does, capturing what they
// print and how they exit.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rev::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

struct ProcessOptions {
  std::filesystem::path cwd;                              // empty: inherit
  std::map<std::string, std::optional<std::string>> env;  // set (value) or unset (nullopt)
  std::optional<std::string> stdin_text;                  // nullopt: /dev/null
  int timeout_seconds = 120;                              // killed after this; exit_code 137
};

// Options to run in `cwd`.
inline ProcessOptions In(const std::filesystem::path& cwd) {
  ProcessOptions options;
  options.cwd = cwd;
  return options;
}

// Runs `argv` (argv[0] is a path or a name found on PATH) and waits for it.
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// Runs the `rev` built alongside the tests (never /usr/bin/rev, which is util-linux's).
ProcessResult RunRev(const std::vector<std::string>& args, const ProcessOptions& options = {});

// Path of the built `rev`.
std::string RevBinary();

}  // namespace rev::testing
