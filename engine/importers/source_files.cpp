#include "engine/importers/source_files.h"

#include <algorithm>
#include <cctype>

#include "revisions/revision_folder.h"

namespace rev::engine::importers {
namespace {

bool IsHidden(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name.front() == '.';
}

// The numbers of a version, without leading zeros and without trailing zero parts.
std::vector<std::string_view> VersionParts(std::string_view version) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= version.size()) {
    size_t end = version.find_first_of("._", start);
    if (end == std::string_view::npos) end = version.size();
    std::string_view part = version.substr(start, end - start);
    while (part.size() > 1 && part.front() == '0') part.remove_prefix(1);
    parts.push_back(part);
    start = end + 1;
  }
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  return parts;
}

int CompareNumbers(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

}  // namespace

Result<std::vector<std::filesystem::path>> ListFiles(const std::filesystem::path& folder,
                                                     bool recursive) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  auto add = [&files](const std::filesystem::directory_entry& entry) {
    if (entry.is_regular_file() && !IsHidden(entry.path())) files.push_back(entry.path());
  };
  if (recursive) {
    for (auto it = std::filesystem::recursive_directory_iterator(folder, error);
         !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
      if (IsHidden(it->path()) && it->is_directory()) {
        it.disable_recursion_pending();
        continue;
      }
      add(*it);
    }
  } else {
    for (auto it = std::filesystem::directory_iterator(folder, error);
         !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
      add(*it);
    }
  }
  if (error) {
    return Status::InvalidInput("cannot list " + folder.string() + ": " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Result<std::string> ReadSourceFile(const std::filesystem::path& file) {
  return revisions::ReadFileBytes(file, file.string());
}

int CompareVersions(std::string_view a, std::string_view b) {
  std::vector<std::string_view> left = VersionParts(a);
  std::vector<std::string_view> right = VersionParts(b);
  for (size_t i = 0; i < std::min(left.size(), right.size()); ++i) {
    if (int order = CompareNumbers(left[i], right[i]); order != 0) return order;
  }
  if (left.size() == right.size()) return 0;
  return left.size() < right.size() ? -1 : 1;
}

std::string MessageFromName(std::string_view name) {
  std::string message(name);
  std::replace(message.begin(), message.end(), '_', ' ');
  size_t first = message.find_first_not_of(' ');
  size_t last = message.find_last_not_of(' ');
  return first == std::string::npos ? "" : message.substr(first, last + 1 - first);
}

Status NotInFormat(SourceTool tool, const std::filesystem::path& folder,
                   const std::string& expected) {
  return Status::InvalidInput(folder.string() + " holds no " + std::string(ToolName(tool)) +
                              " migrations")
      .At({folder.string(), 0, 0})
      .WithHint("give the folder whose files are named " + expected);
}

Status SameVersion(const std::string& version, const std::filesystem::path& first,
                   const std::filesystem::path& second) {
  return Status::InvalidInput("version " + version + " is used twice: by " + first.string() +
                              " and by " + second.string())
      .At({second.string(), 1, 0})
      .WithHint("give one of them a version of its own, as the tool itself would require");
}

Status SortByVersion(ImportedProject* project) {
  auto& migrations = project->migrations;
  std::stable_sort(migrations.begin(), migrations.end(),
                   [](const ImportedMigration& a, const ImportedMigration& b) {
                     return CompareVersions(a.key, b.key) < 0;
                   });
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (CompareVersions(migrations[i - 1].key, migrations[i].key) == 0) {
      return SameVersion(migrations[i].key, migrations[i - 1].source.file,
                         migrations[i].source.file);
    }
  }
  return Status::Ok();
}

}  // namespace rev::engine::importers
