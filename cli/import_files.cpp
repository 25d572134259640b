#include "cli/import_files.h"

#include <map>

#include "cli/new_revision.h"

namespace rev::cli {

Result<std::vector<PlannedFile>> PlanImportFiles(
    Context& context, const engine::importers::ImportedRevisions& imported,
    std::chrono::system_clock::time_point when) {
  REV_ASSIGN_OR_RETURN(const revisions::FolderScan* scan, context.Scan());
  std::map<std::string, std::string> existing;  // id → its file
  for (const revisions::Revision& revision : scan->revisions) {
    existing.emplace(revision.id().str(), revision.path());
  }
  std::vector<PlannedFile> files;
  for (size_t i = 0; i < imported.revisions.size(); ++i) {
    const revisions::NewRevision& revision = imported.revisions[i];
    if (auto taken = existing.find(revision.id.str()); taken != existing.end()) {
      return Status::InvalidInput("revision " + revision.id.str() + " (from " +
                                  imported.sources[i] + ") is already in " + taken->second +
                                  "; nothing was written")
          .At({taken->second, 1, 0})
          .WithHint(
              "import into a project without these revisions (rev init DIR), or remove "
              "them first");
    }
    REV_ASSIGN_OR_RETURN(std::filesystem::path path, NewRevisionPath(context, revision, when));
    std::string shown = context.DisplayPath(path);
    std::error_code error;
    if (std::filesystem::exists(path, error)) {
      return Status::InvalidInput(shown + " already exists; nothing was written")
          .At({shown, 0, 0})
          .WithHint("move it away, or import into another revisions folder");
    }
    files.push_back({std::move(path), std::move(shown), revisions::RenderRevisionFile(revision)});
  }
  return files;
}

}  // namespace rev::cli
