// LockWaitObserver: how a run learns that it waits for another rev's migration lock.
//
// The engine never prints; a backend told whom to tell (BackendOptions::on_lock_wait) says
// once per wait, before its first pause, who holds the lock, so that a run that seems to
// hang says why. The timeout error names the holder again if the wait runs out.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace rev::engine::backends {

struct LockWait {
  // Who holds the lock, as the database can tell. SQLite: "pid 4242 on build-7 since
  // 2026-11-22T10:04:00.123Z; lock file /srv/app.db.rev-lock". PostgreSQL: each holding
  // session, "pid 5678, application_name 'rev', client 10.0.0.5, connected since ...".
  std::string holder;
  std::chrono::milliseconds timeout{0};  // how long the run will wait in all
};

// Called at most once per AcquireMigrationLock, and only when it is about to wait (never
// with a timeout of 0). May be empty: nobody is told.
using LockWaitObserver = std::function<void(const LockWait&)>;

}  // namespace rev::engine::backends
