// ListBackups and PruneBackups of backup.h: a backup folder as a list, oldest first.
#include <algorithm>
#include <map>

#include "engine/operations/backup.h"

namespace rev::engine::operations {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A backup file rev names: backup_*.sqlite or backup_*.dump.
bool IsBackupName(const std::string& name) {
  return name.rfind("backup_", 0) == 0 && (EndsWith(name, ".sqlite") || EndsWith(name, ".dump"));
}

bool Older(const BackupEntry& a, const BackupEntry& b) {
  // Those without a manifest first: their age is unknown.
  if (a.manifest.has_value() != b.manifest.has_value()) return !a.manifest.has_value();
  if (a.manifest && a.manifest->created_at != b.manifest->created_at) {
    return a.manifest->created_at < b.manifest->created_at;
  }
  return a.file.filename() < b.file.filename();
}

}  // namespace

Result<std::vector<BackupEntry>> ListBackups(const fs::path& folder) {
  std::error_code error;
  if (!fs::exists(folder, error)) return std::vector<BackupEntry>();
  std::map<std::string, fs::path> files;  // by name: deterministic whatever the listing order
  fs::directory_iterator it(folder, error);
  if (error) {
    return Status::InvalidInput("cannot list the backup folder " + folder.string() + ": " +
                                error.message());
  }
  for (const fs::directory_entry& entry : it) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || !entry.is_regular_file(error)) continue;
    if (EndsWith(name, ".yaml")) {
      std::string backup = name.substr(0, name.size() - 5);
      files.emplace(backup, folder / backup);
    } else if (IsBackupName(name)) {
      files.emplace(name, entry.path());
    }
  }
  std::vector<BackupEntry> entries;
  for (const auto& [name, path] : files) {
    BackupEntry entry;
    entry.file = path;
    bool has_file = fs::is_regular_file(path, error);
    Result<BackupManifest> manifest = ReadManifest(path);
    if (manifest.ok()) {
      entry.manifest = std::move(manifest).value();
      if (!has_file) entry.problem = "the backup file is missing (only its manifest is here)";
    } else if (!fs::exists(ManifestPathFor(path), error)) {
      entry.problem = "no manifest";
    } else {
      entry.problem = "unreadable manifest: " + manifest.status().ToString();
    }
    entries.push_back(std::move(entry));
  }
  std::sort(entries.begin(), entries.end(), Older);
  return entries;
}

Result<std::vector<fs::path>> PruneBackups(const fs::path& folder, size_t keep) {
  REV_ASSIGN_OR_RETURN(std::vector<BackupEntry> entries, ListBackups(folder));
  std::vector<const BackupEntry*> complete;
  for (const BackupEntry& entry : entries) {
    if (entry.manifest && entry.problem.empty()) complete.push_back(&entry);
  }
  std::vector<fs::path> removed;
  if (complete.size() <= keep) return removed;
  for (size_t i = 0; i + keep < complete.size(); ++i) {
    const fs::path& file = complete[i]->file;
    std::error_code error;
    fs::remove(file, error);
    if (!error) fs::remove(ManifestPathFor(file), error);
    if (error) {
      return Status::Database("cannot remove the backup " + file.string() + ": " + error.message());
    }
    removed.push_back(file);
  }
  return removed;
}

}  // namespace rev::engine::operations
