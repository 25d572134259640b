// UTF-8 validation for revision files and rev.yaml.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace rev::revisions {

// The byte offset of the first byte that does not belong to a well-formed UTF-8 sequence
// (overlong forms and surrogates included), or nullopt when all of `bytes` is UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view bytes);

// 1-based line and column (in bytes) of `offset` within `bytes`.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn LineColumnAt(std::string_view bytes, size_t offset);

}  // namespace rev::revisions
