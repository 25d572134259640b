#include "engine/importers/readers.h"
#include "engine/importers/tool_position.h"

namespace rev::engine::importers {

Result<ImportedProject> ReadSqitch(const std::filesystem::path&) {
  return Status::Internal("the Sqitch importer is not built yet");
}

Result<ToolPosition> ReadSqitchPosition(const ImportedProject&, backends::Backend&,
                                        const backends::DatabaseUrl&) {
  return Status::Internal("the Sqitch importer is not built yet");
}

}  // namespace rev::engine::importers
