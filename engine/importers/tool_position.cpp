#include "engine/importers/tool_position.h"

namespace rev::engine::importers {

Result<ToolPosition> ReadToolPosition(const ImportedProject& project, backends::Backend& backend,
                                      const backends::DatabaseUrl& url) {
  switch (project.tool) {
    case SourceTool::kAlembic:
      return ReadAlembicPosition(project, backend);
    case SourceTool::kFlyway:
      return ReadFlywayPosition(project, backend);
    case SourceTool::kGolangMigrate:
      return ReadGolangMigratePosition(project, backend);
    case SourceTool::kDbmate:
      return ReadDbmatePosition(project, backend);
    case SourceTool::kSqitch:
      return ReadSqitchPosition(project, backend, url);
  }
  return Status::Internal("unknown source tool");
}

}  // namespace rev::engine::importers
