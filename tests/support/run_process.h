// Running the built `rev` (and other programs) the way a user does, capturing what they
// print and how they exit: in the foreground with pipes, in the background (to interrupt,
// kill or race it), or on a pseudo-terminal (to see what a person at a terminal sees).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace rev::testing {

// Lines of text: what a process printed, split (SplitLines), or an argv.
using Lines = std::vector<std::string>;

struct ProcessResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;     // on a terminal: everything the terminal showed
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

// Runs `argv` with a pseudo-terminal as its stdin, stdout and stderr, and waits for it;
// types `answer` and Enter once the terminal shows "[y/N]". The result's `out` is all the
// terminal showed (stdout and stderr together, with the terminal's "\r\n" line ends).
ProcessResult RunOnTerminal(const std::vector<std::string>& argv, const ProcessOptions& options,
                            const std::string& answer = "");

// Path of the built `rev`.
std::string RevBinary();
// `rev ARGS` as an argv: the `rev` built alongside the tests (never /usr/bin/rev, which is
// util-linux's).
std::vector<std::string> RevArgv(const std::vector<std::string>& args);

// Runs the built rev and waits for it.
ProcessResult RunRev(const std::vector<std::string>& args, const ProcessOptions& options = {});

// A program running in the background; killed and reaped if still running when the object
// goes away. Its output goes to files, so it never blocks on a full pipe; stdin is
// /dev/null (options.stdin_text is not used).
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const ProcessOptions& options);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal_number) const;
  bool Running();
  // What it has printed on stderr so far (to wait for a line it prints).
  std::string ErrSoFar() const;
  // Waits for the end (killing it after `timeout_seconds`) and returns what it printed.
  ProcessResult Wait(int timeout_seconds = 120);

 private:
  TempDir dir_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// Polls `condition` every 20 ms until it holds or `timeout` passes; returns whether it held.
bool WaitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace rev::testing
