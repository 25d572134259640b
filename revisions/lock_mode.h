// How a run keeps other runs of rev out of a database while it changes it (rev.yaml's
// `lock:` and `lock_lease:`, the --lock and --lock-lease options).
//
//   auto     the session advisory lock where it is safe, the lease otherwise (behind a
//            connection pooler, or where the advisory lock functions are missing or not
//            permitted); the default
//   session  PostgreSQL's session-level advisory lock, held by the run's connection
//   lease    a row in the rev_lock table, renewed while the run lives and taken over by
//            another run once it has expired
//
// SQLite keeps its lock file in every mode.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "revisions/result.h"

namespace rev::revisions {

enum class LockMode { kAuto, kSession, kLease };

// lock_lease's default and its bounds: renewed every third of it, so a second is the
// shortest that leaves room for a round trip; an hour is longer than a killed run should
// keep others waiting.
inline constexpr std::chrono::seconds kDefaultLockLease{30};
inline constexpr std::chrono::seconds kMinLockLease{1};
inline constexpr std::chrono::seconds kMaxLockLease{3600};

// "auto", "session", "lease"; nullopt for anything else.
std::optional<LockMode> ParseLockMode(const std::string& text);
const char* LockModeName(LockMode mode);

// "30" or "30s": whole seconds from kMinLockLease to kMaxLockLease. Fails with
// kInvalidInput saying what is expected (the caller adds where).
Result<std::chrono::seconds> ParseLockLease(const std::string& text);

}  // namespace rev::revisions
