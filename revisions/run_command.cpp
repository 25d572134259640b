#include "revisions/run_command.h"

#include <algorithm>
#include <system_error>

#include "revisions/revision_folder.h"
#include "revisions/sha256.h"

namespace rev::revisions {
namespace fs = std::filesystem;

namespace {

bool NeedsQuotes(const std::string& word) {
  return word.empty() || word.find_first_of(" \t'\"\\") != std::string::npos;
}

// `path` inside `folder` (both canonical as far as they exist): not above it.
bool Inside(const fs::path& path, const fs::path& folder) {
  auto mismatch = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return mismatch.first == folder.end();
}

}  // namespace

std::string RunCommand::Text() const {
  std::string text;
  for (const std::string& word : argv) {
    if (!text.empty()) text += ' ';
    if (!NeedsQuotes(word)) {
      text += word;
      continue;
    }
    text += '\'';
    for (char c : word) text += c == '\'' ? std::string("'\\''") : std::string(1, c);
    text += '\'';
  }
  return text;
}

Result<std::vector<std::string>> SplitCommandWords(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 < text.size()) word += text[++i];
    } else if (c == '\'' || c == '"') {
      size_t close = i + 1;
      for (; close < text.size() && text[close] != c; ++close) {
        if (c == '"' && text[close] == '\\' && close + 1 < text.size() &&
            (text[close + 1] == '"' || text[close + 1] == '\\')) {
          ++close;
        }
        word += text[close];
      }
      if (close >= text.size()) {
        return Status::InvalidInput(std::string("the command has a ") + c + " that is never closed")
            .WithHint(std::string("close the quote with a second ") + c + " on the same line");
      }
      i = close;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty() || words.front().empty()) {
    return Status::InvalidInput("the marker names no program to run")
        .WithHint(
            "write the command after the colon, e.g. `-- rev:upgrade-run: python3 "
            "scripts/backfill.py`");
  }
  return words;
}

Result<RunCommand> ReadRunSection(std::string_view command_text, std::string_view section,
                                  int marker_line, const std::string& path) {
  auto words = SplitCommandWords(command_text);
  if (!words.ok()) return Status(words.status()).At({path, marker_line, 0});
  int line = marker_line;
  size_t begin = 0;
  while (begin < section.size()) {
    ++line;
    size_t end = section.find('\n', begin);
    if (end == std::string_view::npos) end = section.size();
    std::string_view content = section.substr(begin, end - begin);
    size_t first = content.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && content.compare(first, 2, "--") != 0) {
      return Status::InvalidInput(
                 "SQL in a section that runs a program (the `-- rev:...-run:` "
                 "marker at line " +
                 std::to_string(marker_line) + ")")
          .At({path, line, 0})
          .WithHint(
              "a section runs either SQL or a program: move this SQL into a revision of "
              "its own, or into the program");
    }
    begin = end + 1;
  }
  return RunCommand{std::move(words).value(), marker_line};
}

std::vector<fs::path> ProgramFilesOf(const RunCommand& command, const fs::path& project_folder) {
  std::error_code error;
  fs::path root = fs::weakly_canonical(fs::absolute(project_folder, error), error);
  if (error) return {};
  std::vector<fs::path> files;
  for (const std::string& word : command.argv) {
    if (word.empty()) continue;
    fs::path candidate = fs::path(word).is_absolute() ? fs::path(word) : root / word;
    fs::path real = fs::weakly_canonical(candidate, error);
    if (error || !fs::is_regular_file(real, error) || !Inside(real, root)) continue;
    files.push_back(real.lexically_relative(root));
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

Checksum WithProgramFiles(const Checksum& file_checksum, const std::vector<fs::path>& files,
                          const fs::path& project_folder) {
  if (files.empty() || file_checksum.empty()) return file_checksum;
  Sha256 sha;
  sha.Update(file_checksum.hex());
  for (const fs::path& file : files) {
    sha.Update("\n" + file.generic_string() + "\n");
    Result<std::string> bytes = ReadFileBytes(project_folder / file, file.string());
    sha.Update(bytes.ok() ? Checksum::Of(*bytes).hex() : std::string("absent"));
  }
  return Checksum::FromHex(HexOf(sha.Finish()));
}

}  // namespace rev::revisions
