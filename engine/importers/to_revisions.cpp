#include "engine/importers/to_revisions.h"

namespace rev::engine::importers {

Result<ImportedRevisions> ToRevisions(const ImportedProject&, const std::string&) {
  return Status::Internal("not built yet");
}

}  // namespace rev::engine::importers
