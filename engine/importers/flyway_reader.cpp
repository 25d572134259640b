#include "engine/importers/readers.h"
#include "engine/importers/tool_position.h"

namespace rev::engine::importers {

Result<ImportedProject> ReadFlyway(const std::filesystem::path&, const ReadOptions&) {
  return Status::Internal("not built yet");
}

Result<ToolPosition> ReadFlywayPosition(const ImportedProject&, backends::Backend&) {
  return Status::Internal("not built yet");
}

}  // namespace rev::engine::importers
