// Running another program (pg_dump, pg_restore, psql, pg_config, dot) as a child process:
// no shell, an explicit environment, stdin from a file or from text, stdout to a file or
// captured, stderr captured for the error message.
//
// A child gets exactly the environment it is given, so a secret reaches it only through
// the variable the caller put there (PGPASSWORD), never through its command line, which
// every user of the machine can read in /proc/<pid>/cmdline.
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "revisions/result.h"

namespace rev::engine::process {

// The environment as "NAME=value" entries, in the order given.
using Environment = std::vector<std::string>;

// This process's environment.
Environment CurrentEnvironment();
// Sets NAME to `value` in `env`, replacing an existing NAME.
void SetVariable(Environment* env, const std::string& name, const std::string& value);
// The value of NAME in `env`, if set.
std::optional<std::string> GetVariable(const Environment& env, const std::string& name);

struct ChildCommand {
  // argv[0] is the program's path, run as it is (no PATH search; see FindProgram).
  std::vector<std::string> argv;
  Environment env;  // the child's whole environment
  // Where stdout goes: this file (created or truncated, mode 0600), else captured into
  // ChildResult::out when `capture_stdout`, else /dev/null. In a pipeline every stage but
  // the last writes into the next one's stdin instead.
  std::filesystem::path stdout_file;
  bool capture_stdout = false;
  // Where stdin comes from: this file, else /dev/null (the first stage of a pipeline).
  std::filesystem::path stdin_file;
  // Or these bytes, written to the child while it runs (over `stdin_file`): text rev made
  // itself, such as a graph for `dot`, needs no temporary file. A child that exits without
  // reading all of it is not an error of the runner.
  std::optional<std::string> stdin_text = std::nullopt;
  // Where the child starts; empty: rev's own working folder.
  std::filesystem::path working_folder = {};
  // When set (the last stage only), stdout and stderr are read as they come and each line,
  // without its line end, is passed here as it completes, `from_stderr` saying which
  // stream: a long-running program's output is seen while it runs. stdout is then not
  // kept; stderr's tail still is (ChildResult::err).
  std::function<void(bool from_stderr, const std::string& line)> on_line = nullptr;
  // What an interrupt sends the child first; SIGKILL follows `kill_after` later.
  int interrupt_signal = SIGINT;
  std::chrono::milliseconds kill_after = std::chrono::seconds(5);
};

struct ChildResult {
  int exit_code = -1;  // the exit status, or 128 + the signal that ended the child
  int signal = 0;      // the signal that ended the child, or 0 when it exited
  std::string out;     // stdout, when captured
  std::string err;     // the last 64 KiB of stderr
  bool ok() const { return exit_code == 0; }
};

// Runs `command` and waits for it. Fails with kDatabase when it cannot be started (the
// message names argv[0] and the reason); a child that ran and failed is a ChildResult with
// a non-zero exit_code, for the caller to explain. When `*interrupted` becomes true the
// child is sent SIGINT (then SIGKILL after 5 s) and the call fails with kInterrupted once
// it has ended (ChildCommand::interrupt_signal and kill_after say otherwise).
Result<ChildResult> RunChild(const ChildCommand& command,
                             const std::atomic<bool>* interrupted = nullptr);

// Runs `stages` as a pipeline (stage i's stdout is stage i+1's stdin) and waits for all of
// them; results in stage order. Fails as RunChild; when one cannot be started, the ones
// already started are ended first.
Result<std::vector<ChildResult>> RunPipeline(const std::vector<ChildCommand>& stages,
                                             const std::atomic<bool>* interrupted = nullptr);

// The executable `name` in the folders of `path_variable` (a PATH value; relative entries
// are skipped), or nullopt.
std::optional<std::filesystem::path> FindProgram(const std::string& name,
                                                 const std::string& path_variable);

}  // namespace rev::engine::process
