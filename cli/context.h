// Context: what every command may need, loaded only when a command asks for it.
//
// The global options, the Output, and, lazily and once each: rev.yaml (-c FILE, else the
// nearest rev.yaml in the working folder or above it), the scan of the revisions folder,
// the revision graph and the database URL. Paths shown to a person are relative to the
// working folder when the file lies below it.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "cli/output.h"
#include "engine/operations/settings.h"
#include "engine/revision_graph.h"
#include "revisions/project_config.h"
#include "revisions/revision_folder.h"

namespace rev::cli {

struct GlobalOptions {
  std::string config;        // -c/--config; empty: search upward from the working folder
  std::string database;      // -d/--database
  std::string env;           // -e/--env
  std::string dev_database;  // --dev-database (the schema commands)
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  bool yes = false;
  bool no_color = false;
  // --lock-timeout, taken by the commands that change a database (cli/app.cpp).
  double lock_timeout_seconds =
      std::chrono::duration<double>(engine::operations::kDefaultLockTimeout).count();
  std::optional<double> wait_for_database_seconds;  // --wait-for-database
  std::string lock;        // --lock (same commands); empty: rev.yaml's, else auto
  std::string lock_lease;  // --lock-lease (same commands); empty: rev.yaml's, else 30 s
  // Set for a run inside another program (librev): its signals are its own.
  bool embedded = false;
};

class Context {
 public:
  Context(GlobalOptions options, Output* output);
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const GlobalOptions& options() const { return options_; }
  Output& out() { return *output_; }
  const std::filesystem::path& cwd() const { return cwd_; }

  // rev.yaml, loaded once. Fails with kInvalidInput (no rev.yaml, not YAML, bad value).
  Result<const revisions::ProjectConfig*> Config();

  // Every file of the revisions folder, malformed ones as errors (for `rev validate`).
  // Fails with kInvalidInput when the folder cannot be listed.
  Result<const revisions::FolderScan*> Scan();

  // The end of a run that ended with `status`: a successful one writes the refreshed scan
  // cache, if any; a failed one writes nothing.
  void FinishRun(const Status& status);

  // For a command that opens no database, called before Scan/Graph: the revisions are read
  // without their checksums, which only a database compares and records (hashing every
  // file was a third of `rev heads`). The engine refuses to record an empty checksum.
  void SkipChecksums() { checksums_ = false; }
  // Likewise for a command that runs and prints no SQL: the sections' SQL is not kept
  // (Revision::sections_loaded), which halves the memory of a large folder.
  void SkipSections() { sections_ = false; }

  // The graph, for every command but `validate`. It takes the scan's revisions: a Scan()
  // after it reads the folder again. Refuses a folder with any malformed file:
  // each is printed as an error (file:line and hint), then this fails with kInvalidInput.
  // Fails as RevisionGraph::Build for duplicates, orphans, cycles and labels. Prints the
  // warnings of rev.yaml and of the revision files once.
  Result<const engine::RevisionGraph*> Graph();
  // The graph for a command that shows what the files' headers say and nothing else (no
  // database, no SQL): SkipChecksums and SkipSections, then Graph.
  Result<const engine::RevisionGraph*> HeaderGraph() {
    SkipChecksums();
    SkipSections();
    return Graph();
  }

  // What this command works with: rev.yaml, the --env environment, REV_DATABASE_URL and
  // the flags resolved once (engine::operations::ResolveSettings). Fails as Config, and as
  // ResolveSettings (unknown environment, unset variable, bad URL, bad --lock-timeout).
  Result<const engine::operations::Settings*> Settings();

  // Forgets the scan and the graph, so that the next Scan() / Graph() reads the folder
  // again (after a command wrote a revision file). Pointers from earlier calls dangle.
  void ReloadRevisions();

  // `path` as a person should see it: relative to the working folder when below it.
  std::string DisplayPath(const std::filesystem::path& path) const;

 private:
  GlobalOptions options_;
  Output* output_;
  std::filesystem::path cwd_;
  std::optional<Result<revisions::ProjectConfig>> config_;
  std::optional<Result<engine::operations::Settings>> settings_;
  std::optional<Result<revisions::FolderScan>> scan_;
  std::optional<revisions::PendingCache> pending_cache_;  // written by FinishRun
  bool checksums_ = true;
  bool sections_ = true;
  std::optional<Result<engine::RevisionGraph>> graph_;
  bool warned_ = false;  // the warnings of rev.yaml and the folder were printed
};

}  // namespace rev::cli
