#include "engine/backends/database_wait.h"

#include <algorithm>
#include <cstdio>
#include <random>

namespace rev::engine::backends {

std::chrono::milliseconds DatabaseRetryPause(int retry) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  const int64_t base = std::min<int64_t>(int64_t{100} << std::min(retry, 5), 2000);
  return std::chrono::milliseconds(base + static_cast<int64_t>(jitter() % (base / 4 + 1)));
}

Status GaveUpWaiting(const Status& last, std::chrono::milliseconds limit) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%g", std::chrono::duration<double>(limit).count());
  Status status = Status::Unavailable("gave up after waiting " + std::string(seconds) +
                                      " s for the database: " + last.message());
  status.WithHint(
      "check that the database runs and is reachable from here; give it longer with "
      "--wait-for-database SECONDS");
  return status;
}

}  // namespace rev::engine::backends
