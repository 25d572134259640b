#include "tests/support/project.h"

#include <algorithm>
#include <catch2/catch.hpp>

namespace rev::testing {
namespace {

constexpr const char* kDefaultConfig =
    "revisions: revisions\n"
    "database: sqlite:///app.db\n";

}  // namespace

Project::Project() : Project(kDefaultConfig) {}

Project::Project(const std::string& rev_yaml) {
  WriteFile(config(), rev_yaml);
  std::filesystem::create_directories(revisions_dir());
}

std::filesystem::path Project::Revision(const testing::Rev& revision) {
  size_t position = positions_.emplace(revision.id, positions_.size() + 1).first->second;
  std::filesystem::path file = WriteRevision(revisions_dir(), revision, position);
  files_[revision.id] = file;
  return file;
}

void Project::Write(const std::vector<testing::Rev>& revisions) {
  for (const testing::Rev& revision : revisions) Revision(revision);
}

std::filesystem::path Project::WriteRaw(const std::string& file_name, const std::string& bytes) {
  std::filesystem::path file = revisions_dir() / file_name;
  WriteFile(file, bytes);
  return file;
}

std::filesystem::path Project::FileOf(const std::string& id) const {
  auto found = files_.find(id);
  INFO("revision " << id);
  REQUIRE(found != files_.end());
  return found->second;
}

std::vector<std::string> Project::RevisionFiles() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(revisions_dir())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ProcessOptions Project::Options(ProcessOptions options) const {
  if (options.cwd.empty()) options.cwd = root();
  options.env.emplace("NO_COLOR", "1");
  options.env.emplace("REV_DATABASE_URL", std::nullopt);
  return options;
}

ProcessResult Project::Rev(const std::vector<std::string>& args, ProcessOptions options) const {
  return RunRev(args, Options(std::move(options)));
}

std::unique_ptr<BackgroundProcess> Project::Start(const std::vector<std::string>& args) const {
  return std::make_unique<BackgroundProcess>(RevArgv(args), Options());
}

ProcessResult Project::OnTerminal(const std::vector<std::string>& args,
                                  const std::string& answer) const {
  return RunOnTerminal(RevArgv(args), Options(), answer);
}

std::map<std::string, std::string> Project::Snapshot() const {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root())) {
    std::string name = entry.path().lexically_relative(root()).string();
    if (entry.is_symlink()) {
      files[name] = "<symlink>";
    } else if (entry.is_directory()) {
      files[name] = "<dir>";
    } else {
      files[name] = ReadFile(entry.path());
    }
  }
  return files;
}

}  // namespace rev::testing
