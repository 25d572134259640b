// `rev import --adopt`: tells rev where a database the other tool migrated stands, running
// nothing. Read first (before any file is written, so that a refusal leaves the folder as it
// was), recorded once the revisions are written.
#pragma once

#include <optional>

#include "cli/context.h"
#include "cli/import_report.h"
#include "engine/importers/imported.h"
#include "engine/importers/to_revisions.h"
#include "engine/importers/tool_position.h"

namespace rev::cli {

class Adoption {
 public:
  // Reads the tool's table in the project's database (read only). Fails as
  // ReadToolPosition (exit 4 for a dirty or gapped history), and with kRefused when rev's
  // version table there already holds revisions (the database is rev's already).
  static Result<Adoption> Read(Context& context, const engine::importers::ImportedProject& project,
                               const engine::importers::ImportedRevisions& imported);

  // Stamps the database at the tool's position (REQUIRES: the revisions are written and the
  // context reloaded), then compares its schema with the revisions' at that point; a
  // schema that cannot be compared is a note, never a failure. Fails as Stamp does.
  Result<AdoptReport> Record(Context& context,
                             const engine::importers::ImportedProject& project) const;

 private:
  Adoption(engine::importers::ToolPosition position, engine::RevisionIds heads)
      : position_(std::move(position)), heads_(std::move(heads)) {}

  engine::importers::ToolPosition position_;
  engine::RevisionIds heads_;
};

}  // namespace rev::cli
