// Flyway: versioned migrations V<version>__<description>.sql (the version's parts separated
// by '.' or '_'), their undo scripts U<version>__<description>.sql, repeatable migrations
// R__<description>.sql (not imported: rev has no equivalent), found in every folder under
// the location. ${name} placeholders are replaced before anything else, as Flyway does. A
// script's sibling `.sql.conf` may say `executeInTransaction=false`.
#include <regex>
#include <set>

#include "engine/importers/readers.h"
#include "engine/importers/source_files.h"
#include "engine/importers/tool_position.h"
#include "engine/importers/tool_table.h"

namespace rev::engine::importers {
namespace {

constexpr const char* kExpected = "V<version>__<description>.sql";

// Replaces every ${name} in `text`; the first one with no value fails, naming its line.
Status ResolvePlaceholders(const std::filesystem::path& file,
                           const std::map<std::string, std::string>& values, std::string* text) {
  std::string resolved;
  size_t at = 0;
  while (true) {
    size_t open = text->find("${", at);
    size_t close = open == std::string::npos ? open : text->find('}', open + 2);
    if (close == std::string::npos) break;
    const std::string name = text->substr(open + 2, close - open - 2);
    auto value = values.find(name);
    if (value == values.end()) {
      int line = 1 + static_cast<int>(std::count(text->begin(), text->begin() + open, '\n'));
      return Status::InvalidInput("placeholder ${" + name + "} has no value")
          .At({file.string(), line, 0})
          .WithHint("give it one: rev import flyway --placeholder " + name + "=VALUE");
    }
    resolved += text->substr(at, open - at) + value->second;
    at = close + 1;
  }
  *text = resolved + text->substr(at);
  return Status::Ok();
}

// Whether the script's .sql.conf says executeInTransaction=false.
Result<bool> RunsOutsideTransaction(const std::filesystem::path& file) {
  std::filesystem::path conf = file;
  conf += ".conf";
  std::error_code error;
  if (!std::filesystem::exists(conf, error)) return false;
  REV_ASSIGN_OR_RETURN(std::string text, ReadSourceFile(conf));
  static const std::regex kSetting(R"((^|\n)\s*executeInTransaction\s*=\s*false\s*(\r?\n|$))");
  return std::regex_search(text, kSetting);
}

class FlywayReader {
 public:
  FlywayReader(const std::filesystem::path& path, const ReadOptions& options)
      : path_(path), options_(options) {}

  Result<ImportedProject> Read() {
    static const std::regex kVersioned(R"(^([VU])([0-9]+(?:[._][0-9]+)*)__(.*)\.sql$)");
    static const std::regex kRepeatable(R"(^R__(.*)\.sql$)");
    REV_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> files, ListFiles(path_, true));
    project_.tool = SourceTool::kFlyway;
    for (const std::filesystem::path& file : files) {
      const std::string name = file.filename().string();
      std::smatch match;
      if (std::regex_match(name, match, kVersioned)) {
        REV_RETURN_IF_ERROR(match[1] == "V" ? AddVersioned(file, match) : AddUndo(file, match));
      } else if (std::regex_match(name, kRepeatable)) {
        repeatable_.push_back(file.string());
      }
    }
    if (project_.migrations.empty()) return NotInFormat(SourceTool::kFlyway, path_, kExpected);
    REV_RETURN_IF_ERROR(SortByVersion(&project_));
    REV_RETURN_IF_ERROR(MatchUndos());
    for (const std::string& file : repeatable_) {
      project_.notices.push_back(
          {"flyway-repeatable",
           "repeatable migration " + file + " was not imported: rev has no repeatable migrations",
           {file, 0, 0},
           "make its SQL a revision of its own (rev create) where it "
           "should run"});
    }
    return std::move(project_);
  }

 private:
  Result<std::string> Script(const std::filesystem::path& file) {
    REV_ASSIGN_OR_RETURN(std::string text, ReadSourceFile(file));
    REV_RETURN_IF_ERROR(ResolvePlaceholders(file, options_.placeholders, &text));
    return text;
  }

  Status AddVersioned(const std::filesystem::path& file, const std::smatch& match) {
    ImportedMigration migration;
    migration.key = match[2];
    std::replace(migration.key.begin(), migration.key.end(), '_', '.');  // Flyway's 1_1 is 1.1
    migration.message = MessageFromName(match[3].str());
    REV_ASSIGN_OR_RETURN(migration.upgrade_sql, Script(file));
    REV_ASSIGN_OR_RETURN(bool outside, RunsOutsideTransaction(file));
    if (outside) migration.transactional = false;
    migration.source = {file.string(), 1, 0};
    project_.migrations.push_back(std::move(migration));
    return Status::Ok();
  }

  Status AddUndo(const std::filesystem::path& file, const std::smatch& match) {
    for (const auto& [version, seen] : undos_) {
      if (CompareVersions(version, match[2].str()) == 0) return SameVersion(version, seen, file);
    }
    undos_.emplace_back(match[2], file);
    return Status::Ok();
  }

  Status MatchUndos() {
    for (const auto& undo : undos_) {
      // Named copies: a lambda may not capture a structured binding in C++17.
      const std::string& version = undo.first;
      const std::filesystem::path& file = undo.second;
      auto migration = std::find_if(project_.migrations.begin(), project_.migrations.end(),
                                    [&version](const ImportedMigration& candidate) {
                                      return CompareVersions(candidate.key, version) == 0;
                                    });
      if (migration == project_.migrations.end()) {
        return Status::InvalidInput("undo script " + file.string() + " undoes version " + version +
                                    ", which has no V script")
            .At({file.string(), 1, 0})
            .WithHint("add V" + version + "__<description>.sql, or remove the undo script");
      }
      REV_ASSIGN_OR_RETURN(migration->downgrade_sql, Script(file));
    }
    return Status::Ok();
  }

  std::filesystem::path path_;
  const ReadOptions& options_;
  ImportedProject project_;
  std::vector<std::pair<std::string, std::filesystem::path>> undos_;
  std::vector<std::string> repeatable_;
};

}  // namespace

Result<ImportedProject> ReadFlyway(const std::filesystem::path& path, const ReadOptions& options) {
  return FlywayReader(path, options).Read();
}

}  // namespace rev::engine::importers
