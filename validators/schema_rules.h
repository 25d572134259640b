// `rev validate --schema`: one finding when head (the revisions replayed) differs from the
// schema file. The diff itself is the schema engine's; this rule says it as a finding.
#pragma once

#include <string>

#include "engine/schema/change.h"
#include "validators/finding.h"

namespace rev::validators {

// An error `schema-differs` at `schema_file` naming the changes from head to it (the
// first few), when there are any.
void ValidateSchemaAgainstHead(const engine::schema::Changes& head_to_schema,
                               const std::string& schema_file, Findings* findings);

}  // namespace rev::validators
