#include "cli/exit_code.h"

namespace rev::cli {
namespace {

struct ExitRow {
  StatusCode code;
  int exit_code;
  const char* name;
};

// The one table: every StatusCode, its exit code (SPEC §3) and its JSON name.
constexpr ExitRow kExitTable[] = {
    {StatusCode::kOk, 0, "ok"},
    {StatusCode::kInvalidInput, 2, "invalid-input"},
    {StatusCode::kNotFound, 2, "not-found"},
    {StatusCode::kAmbiguous, 2, "ambiguous"},
    {StatusCode::kFailed, 1, "failed"},
    {StatusCode::kConflict, 1, "conflict"},
    {StatusCode::kDatabase, 1, "database"},
    {StatusCode::kLockTimeout, 3, "lock-timeout"},
    {StatusCode::kLockLost, 3, "lock-lost"},
    {StatusCode::kRefused, 4, "refused"},
    {StatusCode::kInterrupted, 130, "interrupted"},
    {StatusCode::kCommitUnknown, 1, "commit-unknown"},
    {StatusCode::kUnavailable, 1, "unavailable"},
    {StatusCode::kInternal, 1, "internal"},
};

const ExitRow& RowFor(StatusCode code) {
  for (const ExitRow& row : kExitTable) {
    if (row.code == code) return row;
  }
  return kExitTable[sizeof kExitTable / sizeof kExitTable[0] - 1];  // kInternal
}

}  // namespace

int ExitCodeFor(StatusCode code) { return RowFor(code).exit_code; }

const char* StatusCodeName(StatusCode code) { return RowFor(code).name; }

}  // namespace rev::cli
