#include "engine/importers/readers.h"
#include "engine/importers/tool_position.h"

namespace rev::engine::importers {

Result<ImportedProject> ReadAlembic(const std::filesystem::path&, const ReadOptions&) {
  return Status::Internal("the Alembic importer is not built yet");
}

Result<ToolPosition> ReadAlembicPosition(const ImportedProject&, backends::Backend&) {
  return Status::Internal("the Alembic importer is not built yet");
}

}  // namespace rev::engine::importers
