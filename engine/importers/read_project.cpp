#include "engine/importers/readers.h"

namespace rev::engine::importers {

Result<ImportedProject> ReadProject(SourceTool tool, const std::filesystem::path& path,
                                    const ReadOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_directory(path, error)) {
    return Status::InvalidInput("'" + path.string() + "' is not a folder")
        .WithHint("give the folder of the " + std::string(ToolName(tool)) +
                  " project: rev import " + std::string(ToolName(tool)) + " PATH");
  }
  switch (tool) {
    case SourceTool::kAlembic:
      return ReadAlembic(path, options);
    case SourceTool::kFlyway:
      return ReadFlyway(path, options);
    case SourceTool::kGolangMigrate:
      return ReadGolangMigrate(path);
    case SourceTool::kDbmate:
      return ReadDbmate(path);
    case SourceTool::kSqitch:
      return ReadSqitch(path);
  }
  return Status::Internal("unknown source tool");
}

}  // namespace rev::engine::importers
