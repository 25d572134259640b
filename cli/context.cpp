#include "cli/context.h"

#include <cstdio>

#include "revisions/local_state.h"
#include "revisions/scan_cache.h"

namespace rev::cli {

namespace fs = std::filesystem;
using revisions::FolderScan;
using revisions::ProjectConfig;

namespace {

// Says once, on stderr, that the run waits for its database and why: a container that seems
// to hang at start-up says what it waits for. Not with --quiet (as every warning).
engine::backends::DatabaseWaitObserver DatabaseWaitWarning(Output& out) {
  return [&out](const engine::backends::DatabaseWait& wait) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", std::chrono::duration<double>(wait.limit).count());
    out.Warning({"database-wait",
                 "waiting for the database " + wait.url + " (" + wait.reason +
                     "); giving up after " + seconds + " s, --wait-for-database",
                 {},
                 ""});
  };
}

}  // namespace

Context::Context(GlobalOptions options, Output* output)
    : options_(std::move(options)), output_(output) {
  std::error_code error;
  cwd_ = fs::current_path(error);
}

std::string Context::DisplayPath(const fs::path& path) const {
  fs::path absolute = (path.is_absolute() ? path : cwd_ / path).lexically_normal();
  if (!absolute.has_filename() && absolute.has_parent_path()) absolute = absolute.parent_path();
  fs::path relative = absolute.lexically_relative(cwd_);
  if (!relative.empty() && *relative.begin() != "..") return relative.string();
  return absolute.string();
}

Result<const ProjectConfig*> Context::Config() {
  if (!config_) {
    fs::path file = options_.config;
    if (file.empty()) {
      auto found = revisions::FindProjectConfig(cwd_);
      if (!found.ok()) {
        config_ = found.status();
        return found.status();
      }
      file = DisplayPath(*found);
    }
    auto loaded = revisions::LoadProjectConfig(file);
    if (!loaded.ok() && !options_.config.empty() && !fs::exists(file)) {
      loaded = Status(loaded.status())
                   .WithHint("check the path given to -c/--config, or run `rev init`");
    }
    config_ = std::move(loaded);
  }
  if (!config_->ok()) return config_->status();
  return &config_->value();
}

Result<const FolderScan*> Context::Scan() {
  if (!scan_) {
    REV_ASSIGN_OR_RETURN(const ProjectConfig* config, Config());
    std::string prefix = DisplayPath(config->revisions_dir());
    prefix = prefix == "." ? "" : prefix + "/";
    revisions::ScanOptions options;
    options.checksums = checksums_;
    options.sections = sections_;
    options.project_folder = config->root;
    options.cache = revisions::LocalStateFolder(config->root) / "scan-cache";
    scan_ = revisions::ScanRevisionFolder(config->revisions_dir(), prefix, options);
    if (scan_->ok() && (*scan_)->cache_update) {
      pending_cache_ = std::move((*scan_)->cache_update);
      (*scan_)->cache_update.reset();
    }
  }
  if (!scan_->ok()) return scan_->status();
  return &scan_->value();
}

void Context::FinishRun(const Status& status) {
  if (!status.ok() || !pending_cache_) return;
  Status written = revisions::WriteScanCache(pending_cache_->file, pending_cache_->bytes);
  (void)written;  // the next run reads every file again, nothing worse
}

Result<const engine::RevisionGraph*> Context::Graph() {
  if (!graph_) {
    REV_ASSIGN_OR_RETURN(const ProjectConfig* config, Config());
    REV_ASSIGN_OR_RETURN(const FolderScan* scan, Scan());
    if (!warned_) {
      for (const revisions::Notice& notice : config->warnings) output_->Warning(notice);
      for (const revisions::Notice& notice : scan->warnings) output_->Warning(notice);
      warned_ = true;
    }
    if (!scan->errors.empty()) {
      for (const Status& error : scan->errors) output_->Error(error, "invalid-file");
      size_t count = scan->errors.size();
      graph_ =
          Status::InvalidInput(std::to_string(count) + " revision file" + (count > 1 ? "s" : "") +
                               " cannot be read or parsed; nothing was done")
              .WithHint("fix the file" + std::string(count > 1 ? "s" : "") +
                        " named above; `rev validate` lists every problem");
    } else {
      // The graph takes the revisions, not a copy: at 10,000 revisions the copy cost as
      // much as building the graph. A later Scan() reads the folder again.
      graph_ = engine::RevisionGraph::Build(std::move(scan_->value().revisions));
      scan_.reset();
    }
  }
  if (!graph_->ok()) return graph_->status();
  return &graph_->value();
}

void Context::ReloadRevisions() {
  scan_.reset();
  graph_.reset();
  pending_cache_.reset();
}

Result<const engine::operations::Settings*> Context::Settings() {
  if (!settings_) {
    REV_ASSIGN_OR_RETURN(const ProjectConfig* config, Config());
    engine::operations::SettingsRequest request;
    request.database = options_.database;
    request.environment = options_.env;
    request.lock_timeout_seconds = options_.lock_timeout_seconds;
    request.wait_for_database_seconds = options_.wait_for_database_seconds;
    request.lock = options_.lock;
    request.lock_lease = options_.lock_lease;
    request.dev_database = options_.dev_database;
    settings_ = engine::operations::ResolveSettings(*config, request);
    if (settings_->ok()) settings_->value().backend.on_database_wait = DatabaseWaitWarning(out());
  }
  if (!settings_->ok()) return settings_->status();
  return &settings_->value();
}

}  // namespace rev::cli
