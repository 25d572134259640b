// Writing the revisions `rev import` made: every file or none, and never over anything.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/context.h"
#include "engine/importers/to_revisions.h"

namespace rev::cli {

struct PlannedFile {
  std::filesystem::path path;
  std::string shown;  // as a person sees it
  std::string text;
};

// Where each revision goes (file_template, named at `when`). Fails with kInvalidInput,
// before anything is written, when a revision of the folder already has one of the ids
// (naming its file) or a file is in the way, and as the revisions folder's scan fails.
Result<std::vector<PlannedFile>> PlanImportFiles(
    Context& context, const engine::importers::ImportedRevisions& imported,
    std::chrono::system_clock::time_point when);

// Writes every file (cli/file_writer.h); when one fails, removes those already written
// and fails as it did.
Status WriteAllOrNothing(const std::vector<PlannedFile>& files);

}  // namespace rev::cli
