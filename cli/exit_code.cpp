#include "cli/exit_code.h"

#include <iterator>

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

// What each exit code of kExitTable means, as SPEC §3 says it.
constexpr ExitCodeMeaning kMeanings[] = {
    {0, "done"},
    {1,
     "failed: a migration's SQL failed, the database refused, validation found errors, "
     "`status --exit-code` found the database not up to date"},
    {2, "bad usage, bad config, bad revision file, unknown or ambiguous target"},
    {3,
     "another rev holds the migration lock and --lock-timeout ran out, or a lease lock "
     "was lost"},
    {4,
     "refused: the database needs a person first (a dirty non-transactional step, an "
     "applied revision whose file changed or vanished, heads the folder does not know)"},
    {130, "interrupted (Ctrl-C); the running revision was rolled back"},
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

std::vector<ExitCodeMeaning> ExitCodeMeanings() {
  return {std::begin(kMeanings), std::end(kMeanings)};
}

}  // namespace rev::cli
