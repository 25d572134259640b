// Notice: a warning about a user's file that does not stop the work (an unknown header key,
// for instance). Errors are Status values; notices are what is left worth saying.
#pragma once

#include <string>

#include "revisions/status.h"

namespace rev::revisions {

struct Notice {
  std::string code;     // stable, for JSON: e.g. "unknown-header-key"
  std::string message;  // one sentence
  SourceLocation location;
  std::string hint;  // the fix, may be empty
};

}  // namespace rev::revisions
