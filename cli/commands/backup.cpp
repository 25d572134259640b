#include "cli/commands/backup.h"

#include <cstdio>
#include <ctime>

#include "cli/database_session.h"
#include "cli/progress.h"
#include "cli/signal_watcher.h"
#include "engine/ids_json.h"
#include "engine/operations/backup.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

std::string SizeText(uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double size = static_cast<double>(bytes);
  size_t unit = 0;
  while (size >= 1000 && unit + 1 < sizeof units / sizeof units[0]) {
    size /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", size, units[unit]);
  return text;
}

// Seconds since a manifest's created_at (2026-11-22T10:04:00.123Z); nullopt if unreadable.
std::optional<int64_t> AgeSeconds(const std::string& created_at) {
  std::tm utc{};
  if (std::sscanf(created_at.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec) != 6) {
    return std::nullopt;
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return static_cast<int64_t>(std::time(nullptr) - timegm(&utc));
}

std::string AgeText(int64_t seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 120) return std::to_string(seconds) + " s ago";
  if (seconds < 7200) return std::to_string(seconds / 60) + " min ago";
  if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " h ago";
  return std::to_string(seconds / 86400) + " days ago";
}

Result<fs::path> BackupFolder(Context& context) {
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  return config->backup_dir();
}

nlohmann::json ManifestJson(const engine::operations::BackupManifest& manifest) {
  return {{"kind", manifest.kind},
          {"heads", manifest.heads},
          {"size", manifest.size},
          {"sha256", manifest.sha256},
          {"created_at", manifest.created_at}};
}

}  // namespace

void RegisterBackup(CLI::App& app, Action* action) {
  auto options = std::make_shared<BackupOptions>();
  CLI::App* command = app.add_subcommand(
      "backup", "Back up the database (SQLite online backup, pg_dump -Fc) with a manifest");
  command->add_option("-o,--output", options->output,
                      "the backup file (default: backup.dir/backup_<heads>_<time>.<ext>)");
  command->require_subcommand(0, 1);
  // `rev backup list` runs list alone: the parent's own action only without a subcommand.
  command->callback([command, options, action] {
    if (command->get_subcommands().empty()) {
      *action = [options](Context& context) { return RunBackup(*options, context); };
    }
  });

  auto list = std::make_shared<BackupListOptions>();
  CLI::App* list_command = command->add_subcommand(
      "list", "The backups in backup.dir, oldest first, with heads and age");
  BindAction(list_command, list, RunBackupList, action);

  auto prune = std::make_shared<BackupPruneOptions>();
  CLI::App* prune_command =
      command->add_subcommand("prune", "Remove the oldest backups, keeping the newest N");
  prune_command->add_option("--keep", prune->keep, "how many of the newest backups to keep")
      ->required();
  BindAction(prune_command, prune, RunBackupPrune, action);
}

Status RunBackup(const BackupOptions& options, Context& context) {
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  REV_ASSIGN_OR_RETURN(fs::path folder, BackupFolder(context));
  SignalWatcher watcher;
  // Opened for reading: the URL and rev.yaml's settings, without creating a SQLite file;
  // BackupDatabase opens its own connection to take the lock.
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  engine::operations::BackupRequest request;
  request.output = options.output.empty() ? fs::path() : context.cwd() / options.output;
  request.folder = folder;
  request.rev_version = REV_VERSION;
  request.lock_timeout = settings->lock_timeout;
  request.interrupted = watcher.flag();
  // From here Ctrl-C stops pg_dump or the copy, and the partial files are removed.
  watcher.InterruptOnSignal(&session->backend());
  SteadyClock::time_point start = SteadyClock::now();
  Result<engine::operations::BackupResult> backup =
      engine::operations::BackupDatabase(session->url(), session->options(), request);
  watcher.StopInterrupting();
  REV_RETURN_IF_ERROR(backup.status());
  const engine::operations::BackupManifest& manifest = backup->manifest;
  if (context.out().json()) {
    nlohmann::json document = ManifestJson(manifest);
    document["file"] = context.DisplayPath(backup->file);
    document["manifest"] = context.DisplayPath(backup->manifest_file);
    context.out().Document(document);
    return Status::Ok();
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
  context.out().Note("Backed up " + session->url().Redacted() + " at " +
                     revisions::HeadsText(manifest.heads) + " (" + SizeText(manifest.size) +
                     " in " + FormatDuration(elapsed) + "), with its manifest:");
  context.out().Print(context.DisplayPath(backup->file));
  return Status::Ok();
}

Status RunBackupList(const BackupListOptions& /*options*/, Context& context) {
  REV_ASSIGN_OR_RETURN(fs::path folder, BackupFolder(context));
  REV_ASSIGN_OR_RETURN(std::vector<engine::operations::BackupEntry> entries,
                       engine::operations::ListBackups(folder));
  if (context.out().json()) {
    nlohmann::json backups = nlohmann::json::array();
    for (const engine::operations::BackupEntry& entry : entries) {
      nlohmann::json item =
          entry.manifest ? ManifestJson(*entry.manifest) : nlohmann::json::object();
      item["file"] = context.DisplayPath(entry.file);
      if (entry.manifest) {
        std::optional<int64_t> age = AgeSeconds(entry.manifest->created_at);
        item["age_seconds"] = age ? nlohmann::json(*age) : nlohmann::json(nullptr);
      }
      item["problem"] =
          entry.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(entry.problem);
      backups.push_back(item);
    }
    context.out().Document({{"backups", backups}});
    return Status::Ok();
  }
  if (entries.empty()) {
    context.out().Note("No backups in " + context.DisplayPath(folder) + ".");
    return Status::Ok();
  }
  size_t width = 0;
  for (const auto& entry : entries) width = std::max(width, context.DisplayPath(entry.file).size());
  for (const engine::operations::BackupEntry& entry : entries) {
    std::string path = context.DisplayPath(entry.file);
    std::string line = path + std::string(width - path.size() + 2, ' ');
    if (entry.manifest) {
      std::optional<int64_t> age = AgeSeconds(entry.manifest->created_at);
      line += "heads " + revisions::HeadsText(entry.manifest->heads) + ", " +
              (age ? AgeText(*age) : entry.manifest->created_at) + ", " +
              SizeText(entry.manifest->size);
    }
    if (!entry.problem.empty()) line += (entry.manifest ? "; " : "") + entry.problem;
    context.out().Print(line);
  }
  return Status::Ok();
}

Status RunBackupPrune(const BackupPruneOptions& options, Context& context) {
  if (options.keep < 0) {
    return Status::InvalidInput("--keep must be 0 or more, not " + std::to_string(options.keep));
  }
  REV_ASSIGN_OR_RETURN(fs::path folder, BackupFolder(context));
  REV_ASSIGN_OR_RETURN(std::vector<fs::path> removed,
                       engine::operations::PruneBackups(folder, static_cast<size_t>(options.keep)));
  if (context.out().json()) {
    nlohmann::json files = nlohmann::json::array();
    for (const fs::path& file : removed) files.push_back(context.DisplayPath(file));
    context.out().Document({{"removed", files}});
    return Status::Ok();
  }
  for (const fs::path& file : removed) context.out().Print("Removed " + context.DisplayPath(file));
  context.out().Note(removed.empty()
                         ? "Nothing to remove: at most " + std::to_string(options.keep) +
                               " complete backups in " + context.DisplayPath(folder) + "."
                         : "Kept the newest " + std::to_string(options.keep) + ".");
  return Status::Ok();
}

}  // namespace rev::cli
