// What the file-based readers (Flyway, golang-migrate, dbmate) share: listing a folder's
// migration files, reading one, and ordering versions as the tools do.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/importers/imported.h"

namespace rev::engine::importers {

// The regular files under `folder` (below it too when `recursive`), hidden ones left out,
// sorted by path. Fails with kInvalidInput when the folder cannot be listed.
Result<std::vector<std::filesystem::path>> ListFiles(const std::filesystem::path& folder,
                                                     bool recursive);

// The whole file. Fails with kInvalidInput naming it.
Result<std::string> ReadSourceFile(const std::filesystem::path& file);

// Compares two versions made of decimal numbers separated by '.' or '_' ("1.10" > "1.9",
// "001" == "1", and, as Flyway has it, "1.0" == "1"): <0, 0 or >0.
int CompareVersions(std::string_view a, std::string_view b);

// "add_users_table" → "add users table": a file name's description as a message.
std::string MessageFromName(std::string_view name);

// The failure for a folder with no migration of `tool`'s format in it.
Status NotInFormat(SourceTool tool, const std::filesystem::path& folder,
                   const std::string& expected);

// The failure for two migrations with the same version.
Status SameVersion(const std::string& version, const std::filesystem::path& first,
                   const std::filesystem::path& second);

// Sorts `project.migrations` by their keys' versions (CompareVersions). Fails as SameVersion
// when two keys are the same version.
Status SortByVersion(ImportedProject* project);

}  // namespace rev::engine::importers
