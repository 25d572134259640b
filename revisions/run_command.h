// A section that runs a program instead of SQL: `-- rev:upgrade-run: COMMAND` (and
// `-- rev:downgrade-run: COMMAND`) in a revision file.
//
// COMMAND is split into words the way a shell splits plain words and quoted ones, and no
// further: no variables, no globbing, no pipes, since no shell ever sees it. rev runs the
// words as a program with the database URL in its environment (engine/operations/
// program_step.h).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "revisions/checksum.h"
#include "revisions/result.h"

namespace rev::revisions {

struct RunCommand {
  std::vector<std::string> argv;  // never empty
  int line = 0;                   // the marker's line in the revision file

  // The words joined by spaces, quoted where a word needs it to read back the same.
  std::string Text() const;
};

// The words of `text`: runs of characters split at spaces and tabs, where '...' keeps
// everything up to the next ' as it is and "..." does the same except that \" and \\ stand
// for " and \; outside quotes a backslash keeps the next character. Fails with
// kInvalidInput (no location: the caller adds the file's) for a quote that is never closed
// and for a command with no word or an empty first word.
Result<std::vector<std::string>> SplitCommandWords(std::string_view text);

// The section of a run marker at `marker_line` of `path`: `command_text` (what follows the
// marker's colon) split into words, and `section` (the lines after the marker, up to the
// next one) holding nothing but blank lines and `--` comments. Fails with kInvalidInput at
// path:line for an unclosed quote, an empty command, or a line of SQL in the section.
Result<RunCommand> ReadRunSection(std::string_view command_text, std::string_view section,
                                  int marker_line, const std::string& path);

// The words of `command` that name a regular file inside `project_folder` (relative words
// are taken from it), as the project-relative path each names, sorted, without repeats.
// These files are part of what the revision does, so its checksum covers them.
std::vector<std::filesystem::path> ProgramFilesOf(const RunCommand& command,
                                                  const std::filesystem::path& project_folder);

// `file_checksum` extended with the bytes of each file of `files` (project-relative, read
// from `project_folder`): a changed program reads as a changed revision. A file that
// cannot be read counts as absent.
Checksum WithProgramFiles(const Checksum& file_checksum,
                          const std::vector<std::filesystem::path>& files,
                          const std::filesystem::path& project_folder);

}  // namespace rev::revisions
