// DatabaseWait: how a run that starts beside its database (a container whose app and
// database start together) waits for the database to accept connections.
//
// OpenBackend retries a database that cannot be reached yet (StatusCode::kUnavailable:
// connection refused, the server starting up, an SQLite file's folder not there yet) with
// backoff, up to BackendOptions::wait_for_database, and tells its observer once, before the
// first pause, why it waits. A database that answers and refuses (a wrong password, no such
// database) is not waited for: waiting would not change the answer.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "revisions/result.h"

namespace rev::engine::backends {

struct DatabaseWait {
  std::string url;     // redacted
  std::string reason;  // the first failure, redacted
  std::chrono::milliseconds limit{0};
};

// Called at most once per OpenBackend, and only when it is about to wait. May be empty.
using DatabaseWaitObserver = std::function<void(const DatabaseWait&)>;

// The pause before retry number `retry` (0 for the first): 100 ms doubling up to 2 s, with
// up to a quarter more at random so that replicas starting together spread out.
std::chrono::milliseconds DatabaseRetryPause(int retry);

// kUnavailable: `last` (the last attempt's failure), said to have outlasted `limit`.
Status GaveUpWaiting(const Status& last, std::chrono::milliseconds limit);

}  // namespace rev::engine::backends
