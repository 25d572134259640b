// Output: everything rev says to a person or a script goes through here.
//
// Text mode prints results on stdout and errors, warnings and hints on stderr, in colour
// only on a terminal (never with --no-color, NO_COLOR or TERM=dumb). JSON mode (--json)
// prints exactly one JSON document on stdout, nothing else there: the command's own, or,
// when the command failed before printing it, `{"errors":[...],"warnings":[]}` with the
// shape of `rev validate --json`. Errors still go to stderr as text in both modes.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/output_sink.h"
#include "revisions/notice.h"
#include "revisions/status.h"

namespace rev::cli {

class Output {
 public:
  struct Settings {
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    bool no_color = false;
    // Set when rev runs inside another program: everything goes to it, nothing to stdout
    // or stderr, and nothing is asked (REQUIRES: outlives the Output).
    OutputSink* sink = nullptr;
  };

  // Reads NO_COLOR and TERM and asks whether stdout and stderr are terminals.
  explicit Output(Settings settings);
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  bool json() const { return settings_.json; }
  bool quiet() const { return settings_.quiet; }
  bool verbose() const { return settings_.verbose; }

  // One line of a command's result on stdout. Ignored in JSON mode.
  void Print(const std::string& line);
  // A line of commentary ("Created ..."): stdout, text mode only, not with --quiet.
  void Note(const std::string& line);
  // Whether stdout is a terminal: step-by-step progress is drawn only there.
  bool stdout_is_terminal() const { return stdout_terminal_; }
  // Part of a line on stdout, flushed, no newline (a progress line still being drawn; a
  // later Print that starts with "\r\033[K" redraws it). Text mode only, not with --quiet.
  void Partial(const std::string& text);
  // "✓" or "✗", green or red where stdout has colour.
  std::string Mark(bool ok) const;
  // Text for a person at a prompt (stderr, so stdout keeps only results): `text` with no
  // newline, flushed. Printed in JSON mode and with --quiet too: a question must be seen.
  void Prompt(const std::string& text);
  // A line a migration's program wrote, passed on as it comes: `  | line` on stderr (in
  // JSON mode too, so stdout keeps rev's results), flushed; not with --quiet.
  void ProgramLine(const std::string& line);

  // A step of a migration starting or ending: for an embedding program's progress
  // callback (the sink's); a terminal gets ProgressPrinter's lines instead.
  void Step(const StepProgress& progress);

  // The command's result in JSON mode. REQUIRES: json(); at most once per run.
  void Document(const nlohmann::json& document);

  // A finding on stdout: `file:line: error: message [code]` and a `  hint: ...` line. Any
  // level but "error" is left out with --quiet.
  void Diagnostic(const std::string& level, const SourceLocation& location,
                  const std::string& message, const std::string& code, const std::string& hint);

  // `rev: error: file:line: message` and `  hint: ...` on stderr. `code` names it in the
  // JSON errors document (default: the StatusCode's name).
  void Error(const Status& status, const std::string& code = "");
  // `rev: warning: file:line: message` on stderr, not with --quiet.
  void Warning(const revisions::Notice& notice);

  // Ends the run: in JSON mode with errors and no document yet, prints the errors document.
  void Finish();

  // "file" and "line" fields as JSON: null when unknown.
  static void AddLocation(const SourceLocation& location, nlohmann::json* object);

 private:
  enum class Style { kError, kWarning, kHint, kBold, kSuccess };
  std::string Paint(bool color, Style style, const std::string& text) const;
  // One line to stdout or stderr, or to the sink at `level`.
  void Write(std::FILE* stream, OutputSink::Level level, const std::string& line);

  Settings settings_;
  bool color_stdout_ = false;
  bool color_stderr_ = false;
  bool stdout_terminal_ = false;
  bool document_printed_ = false;
  nlohmann::json errors_ = nlohmann::json::array();
};

}  // namespace rev::cli
