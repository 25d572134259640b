#include "engine/importers/readers.h"
#include "engine/importers/tool_position.h"

namespace rev::engine::importers {

Result<ImportedProject> ReadGolangMigrate(const std::filesystem::path&) {
  return Status::Internal("not built yet");
}

Result<ToolPosition> ReadGolangMigratePosition(const ImportedProject&, backends::Backend&) {
  return Status::Internal("not built yet");
}

}  // namespace rev::engine::importers
