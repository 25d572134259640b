// Where the revisions `rev import` made go, checked before any is written (WriteNewFiles
// then writes every one or none).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/context.h"
#include "cli/file_writer.h"
#include "engine/importers/to_revisions.h"

namespace rev::cli {

using PlannedFile = NewFile;

// Where each revision goes (file_template, named at `when`). Fails with kInvalidInput,
// before anything is written, when a revision of the folder already has one of the ids
// (naming its file) or a file is in the way, and as the revisions folder's scan fails.
Result<std::vector<PlannedFile>> PlanImportFiles(
    Context& context, const engine::importers::ImportedRevisions& imported,
    std::chrono::system_clock::time_point when);

}  // namespace rev::cli
