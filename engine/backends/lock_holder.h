// LockHolder: who holds a database's migration lock, as `rev status` shows it and
// `rev repair --release-lock` decides on it.
#pragma once

#include <cstdint>
#include <string>

namespace rev::engine::backends {

struct LockHolder {
  std::string mode;         // "session" (an advisory lock) or "lease" (a rev_lock row)
  std::string description;  // one line: pid, host, run, expiry as the database tells them
  int pid = 0;              // session: the server process; lease: the rev process
  std::string host;         // lease: the host rev ran on
  std::string run_id;       // lease
  int64_t token = 0;        // lease: its fencing token
  std::string expires_at;   // lease: UTC, by the server's clock
  bool expired = false;     // lease: past expires_at, so the next run will take it over
};

}  // namespace rev::engine::backends
