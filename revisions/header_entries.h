// The YAML header of a revision file, reduced to what a header may hold: a flat mapping
// whose values are null, a scalar or a list of scalars. Two readers produce it: a fast one
// for the plain one-line forms `rev create` writes, and yaml-cpp for everything else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "revisions/result.h"

namespace rev::revisions {

struct HeaderValue {
  enum class Kind { kNull, kScalar, kList, kOther };
  Kind kind = Kind::kNull;
  std::string scalar;             // kScalar
  std::vector<std::string> list;  // kList; each item a scalar
  std::string other_description;  // kOther: "a mapping", "a nested list", ...
};

struct HeaderEntry {
  std::string key;
  int line = 0;  // 1-based line within the header text
  HeaderValue value;
};

// Reads `header` (the header lines with their `-- ` prefix removed, one per file line, so
// line k of `header` is line k of the file) when every line is in the simple subset: a
// blank or `# comment` line, or `key: value` where value is empty, null, ~, a plain or
// quoted scalar, or a one-line flow list of those. Returns false when any line is outside
// that subset; the caller then asks yaml-cpp, which gives the same answer on the subset.
bool ReadSimpleHeader(std::string_view header, std::vector<HeaderEntry>* entries);

// Reads `header` with yaml-cpp. Fails with kInvalidInput when it is not YAML or not a
// mapping; the failed Status's location carries the 1-based line (its file is empty: the
// caller knows the file).
Result<std::vector<HeaderEntry>> ReadYamlHeader(const std::string& header);

}  // namespace rev::revisions

namespace rev::revisions {

// `text` as a YAML scalar that both readers give back unchanged: plain when that is safe,
// double-quoted with escapes otherwise.
std::string QuoteYamlScalar(std::string_view text);

}  // namespace rev::revisions
