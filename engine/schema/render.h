// Rendering: changes become SQL, one renderer per backend, in the order Diff gave them.
#pragma once

#include <string>
#include <vector>

#include "engine/backends/database_url.h"
#include "engine/schema/change.h"

namespace rev::engine::schema {

// The SQL of each change, in order; "" for a change a rebuild carries out.
std::vector<std::string> RenderChanges(const Changes& changes, backends::DatabaseKind kind);
std::vector<std::string> RenderSqlite(const Changes& changes);
std::vector<std::string> RenderPostgres(const Changes& changes);

// One script: each change's SQL under a comment naming it (kind and object), destructive
// ones marked `-- destructive: why`, the changes a rebuild carries out listed with it.
std::string RenderScript(const Changes& changes, const std::vector<std::string>& sql);

}  // namespace rev::engine::schema
