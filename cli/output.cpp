#include "cli/output.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/exit_code.h"
#include "cli/json_text.h"

namespace rev::cli {
namespace {

// no-color.org: any non-empty NO_COLOR turns colour off; so does a dumb terminal.
bool ColorAllowed(bool no_color_flag) {
  if (no_color_flag) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

void WriteLine(std::FILE* stream, const std::string& line) {
  // stdout is buffered when it is a pipe; flushing it first keeps both streams in the
  // order they were written when a pipe or pre-commit merges them.
  if (stream == stderr) std::fflush(stdout);
  std::fwrite(line.data(), 1, line.size(), stream);
  std::fputc('\n', stream);
}

std::string Located(const SourceLocation& location, const std::string& message) {
  if (location.file.empty()) return message;
  return location.ToString() + ": " + message;
}

}  // namespace

Output::Output(Settings settings) : settings_(settings) {
  if (settings.sink != nullptr) return;  // no terminal, no colour
  bool allowed = ColorAllowed(settings.no_color);
  color_stdout_ = allowed && !settings.json && isatty(STDOUT_FILENO) == 1;
  color_stderr_ = allowed && isatty(STDERR_FILENO) == 1;
  stdout_terminal_ = isatty(STDOUT_FILENO) == 1;
}

std::string Output::Paint(bool color, Style style, const std::string& text) const {
  if (!color) return text;
  const char* code = style == Style::kError     ? "\033[1;31m"
                     : style == Style::kWarning ? "\033[1;33m"
                     : style == Style::kHint    ? "\033[36m"
                     : style == Style::kSuccess ? "\033[32m"
                                                : "\033[1m";
  return code + text + "\033[0m";
}

void Output::Write(std::FILE* stream, OutputSink::Level level, const std::string& line) {
  if (settings_.sink != nullptr) {
    settings_.sink->Line(level, line);
  } else {
    WriteLine(stream, line);
  }
}

void Output::Print(const std::string& line) {
  if (!settings_.json) Write(stdout, OutputSink::Level::kInfo, line);
}

void Output::Note(const std::string& line) {
  if (!settings_.json && !settings_.quiet) Write(stdout, OutputSink::Level::kInfo, line);
}

void Output::Partial(const std::string& text) {
  if (settings_.json || settings_.quiet || settings_.sink != nullptr) return;
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

std::string Output::Mark(bool ok) const {
  return ok ? Paint(color_stdout_, Style::kSuccess, "\u2713")
            : Paint(color_stdout_, Style::kError, "\u2717");
}

void Output::Prompt(const std::string& text) {
  if (settings_.sink != nullptr) return;  // an embedded run answers yes (cli/run.h)
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void Output::Step(const StepProgress& progress) {
  if (settings_.sink != nullptr) settings_.sink->Step(progress);
}

void Output::ProgramLine(const std::string& line) {
  if (settings_.quiet) return;
  Write(stderr, OutputSink::Level::kInfo, "  | " + line);
  if (settings_.sink == nullptr) std::fflush(stderr);
}

void Output::Document(const nlohmann::json& document) {
  if (settings_.sink != nullptr) {
    settings_.sink->Document(document);
  } else {
    WriteLine(stdout, JsonText(document, 2));
  }
  document_printed_ = true;
}

void Output::Diagnostic(const std::string& level, const SourceLocation& location,
                        const std::string& message, const std::string& code,
                        const std::string& hint) {
  // --quiet keeps only what makes the run fail: a warning is commentary there.
  if (settings_.quiet && level != "error") return;
  Style style = level == "error" ? Style::kError : Style::kWarning;
  std::string prefix = location.file.empty() ? "" : location.ToString() + ": ";
  OutputSink::Level sink_level =
      level == "error" ? OutputSink::Level::kError : OutputSink::Level::kWarning;
  Write(stdout, sink_level,
        prefix + Paint(color_stdout_, style, level + ":") + " " + message + " [" + code + "]");
  if (!hint.empty())
    Write(stdout, sink_level, "  " + Paint(color_stdout_, Style::kHint, "hint:") + " " + hint);
}

void Output::Error(const Status& status, const std::string& code) {
  SourceLocation location = status.location().value_or(SourceLocation{});
  Write(stderr, OutputSink::Level::kError,
        "rev: " + Paint(color_stderr_, Style::kError, "error:") + " " +
            Located(location, status.message()));
  if (!status.hint().empty()) {
    Write(stderr, OutputSink::Level::kError,
          "  " + Paint(color_stderr_, Style::kHint, "hint:") + " " + status.hint());
  }
  nlohmann::json entry = {{"code", code.empty() ? StatusCodeName(status.code()) : code},
                          {"message", status.message()}};
  AddLocation(location, &entry);
  if (!status.hint().empty()) entry["hint"] = status.hint();
  errors_.push_back(std::move(entry));
}

void Output::Warning(const revisions::Notice& notice) {
  if (settings_.quiet) return;
  Write(stderr, OutputSink::Level::kWarning,
        "rev: " + Paint(color_stderr_, Style::kWarning, "warning:") + " " +
            Located(notice.location, notice.message));
}

void Output::Finish() {
  if (settings_.json && !document_printed_ && !errors_.empty()) {
    Document({{"errors", errors_}, {"warnings", nlohmann::json::array()}});
  }
  if (settings_.sink == nullptr) std::fflush(stdout);
}

void Output::AddLocation(const SourceLocation& location, nlohmann::json* object) {
  (*object)["file"] = location.file.empty() ? nlohmann::json() : nlohmann::json(location.file);
  (*object)["line"] = location.line > 0 ? nlohmann::json(location.line) : nlohmann::json();
}

}  // namespace rev::cli
