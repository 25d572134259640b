#include "tests/support/project.h"

#include <algorithm>
#include <cstdio>

namespace rev::testing {
namespace {

constexpr const char* kDefaultConfig =
    "revisions: revisions\n"
    "database: sqlite:///app.db\n";

std::string Slug(const std::string& message) {
  std::string slug;
  for (char c : message) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      slug.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    } else if (!slug.empty() && slug.back() != '_') {
      slug.push_back('_');
    }
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  return slug;
}

std::string FlowList(const std::vector<std::string>& items) {
  std::string text = "[";
  for (size_t i = 0; i < items.size(); ++i) text += (i ? ", " : "") + items[i];
  return text + "]";
}

}  // namespace

std::string RevisionText(const std::string& id, const std::vector<std::string>& parents,
                         const RevisionSpec& spec) {
  std::string down = parents.empty()       ? "null"
                     : parents.size() == 1 ? parents.front()
                                           : FlowList(parents);
  std::string text = "-- revision: " + id + "\n";
  text += "-- down_revision: " + down + "\n";
  text += "-- message: \"" + (spec.message.empty() ? "revision " + id : spec.message) + "\"\n";
  if (!spec.created_at.empty()) text += "-- created_at: " + spec.created_at + "\n";
  if (!spec.branch_labels.empty())
    text += "-- branch_labels: " + FlowList(spec.branch_labels) + "\n";
  if (!spec.depends_on.empty()) text += "-- depends_on: " + FlowList(spec.depends_on) + "\n";
  if (!spec.transactional) text += "-- transactional: false\n";
  text += "\n-- rev:upgrade\n";
  if (!spec.upgrade.empty()) text += spec.upgrade + "\n";
  if (spec.downgrade) {
    text += "\n-- rev:downgrade\n";
    if (!spec.downgrade->empty()) text += *spec.downgrade + "\n";
  }
  return text;
}

Project::Project() : Project(kDefaultConfig) {}

Project::Project(const std::string& rev_yaml) {
  WriteFile(config(), rev_yaml);
  std::filesystem::create_directories(revisions_dir());
}

std::filesystem::path Project::Revision(const std::string& id,
                                        const std::vector<std::string>& parents,
                                        const RevisionSpec& spec) {
  RevisionSpec filled = spec;
  ++revisions_written_;
  if (filled.created_at.empty()) {
    char when[32];
    std::snprintf(when, sizeof when, "2026-01-01T%02d:%02d:%02dZ", revisions_written_ / 3600 % 24,
                  revisions_written_ / 60 % 60, revisions_written_ % 60);
    filled.created_at = when;
  }
  if (filled.message.empty()) filled.message = "revision " + id;
  std::string name = filled.file_name;
  if (name.empty()) {
    std::string slug = Slug(filled.message);
    name = id + (slug.empty() ? "" : "_" + slug) + ".sql";
  }
  return WriteRaw(name, RevisionText(id, parents, filled));
}

std::filesystem::path Project::WriteRaw(const std::string& file_name, const std::string& bytes) {
  std::filesystem::path file = revisions_dir() / file_name;
  WriteFile(file, bytes);
  return file;
}

std::vector<std::string> Project::RevisionFiles() const {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(revisions_dir())) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ProcessResult Project::Rev(const std::vector<std::string>& args, ProcessOptions options) const {
  if (options.cwd.empty()) options.cwd = root();
  options.env.emplace("NO_COLOR", "1");
  options.env.emplace("REV_DATABASE_URL", std::nullopt);
  return RunRev(args, options);
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
