// Writing a user's file: all of it or nothing, and never over an existing file.
#pragma once

#include <filesystem>
#include <string>

#include "revisions/status.h"

namespace rev::cli {

// Writes `text` to `file`, which must not exist: the bytes go to a hidden temporary file in
// the same folder (the folder scan skips hidden files), are flushed to disk, and are then
// linked to `file`, so a reader sees no file or the whole file. Fails with kInvalidInput
// naming `display` when `file` exists or the folder cannot be written; nothing is left
// behind then.
Status WriteNewFile(const std::filesystem::path& file, const std::string& display,
                    const std::string& text);

}  // namespace rev::cli
