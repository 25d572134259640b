// Writing a user's file: all of it or nothing, and never over an existing file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "revisions/status.h"

namespace rev::cli {

// Writes `text` to `file`, which must not exist: the bytes go to a hidden temporary file in
// the same folder (the folder scan skips hidden files), are flushed to disk, and are then
// linked to `file`, so a reader sees no file or the whole file. Fails with kInvalidInput
// naming `display` when `file` exists or the folder cannot be written; nothing is left
// behind then.
Status WriteNewFile(const std::filesystem::path& file, const std::string& display,
                    const std::string& text);

struct NewFile {
  std::filesystem::path path;
  std::string shown;  // the path as a person sees it
  std::string text;
};

// Writes every file as WriteNewFile does, all of them or none: when one cannot be written,
// those already written are removed and it fails as WriteNewFile. They are flushed to disk
// together at the end, once, not one by one: a thousand files take a moment, not seconds.
// REQUIRES: the files are in one folder.
Status WriteNewFiles(const std::vector<NewFile>& files);

}  // namespace rev::cli
