// PgMigrationLock: the migration lock of a PostgreSQL backend in the mode rev.yaml asks
// for (revisions/lock_mode.h): the session advisory lock (postgres_lock.h), the lease
// (postgres_lock_lease.h), or `auto`, which chooses when the lock is first taken:
//
//   - behind a connection pooler (postgres_pooler.h): the lease;
//   - else one pg_try_advisory_lock: refused as not permitted (42501), missing (42883) or
//     not supported (0A000): the lease; else the session lock.
//
// `session` behind a detected pooler is refused: the lock would stay on a pooled server
// connection after the run, and its unlock would land on another one.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/backends/lock_holder.h"
#include "engine/backends/lock_wait.h"
#include "engine/backends/postgres_lease_renewer.h"
#include "engine/backends/postgres_lock.h"
#include "engine/backends/postgres_lock_lease.h"
#include "revisions/lock_mode.h"

namespace rev::engine::backends {

class PgMigrationLock {
 public:
  // `pooler` is PgPoolerEvidence's answer for this database ("" when none was seen).
  PgMigrationLock(PgLockKey key, PgLease lease, revisions::LockMode mode, std::string pooler,
                  std::string version_table);
  ~PgMigrationLock();
  PgMigrationLock(const PgMigrationLock&) = delete;
  PgMigrationLock& operator=(const PgMigrationLock&) = delete;

  // Chooses the mode (once) and waits up to `timeout` for the lock. In lease mode starts the
  // renewer on a connection from `open`, which calls `on_lost` (on its thread) if it finds
  // the lease taken over. Fails with kLockTimeout naming the holder, with kInvalidInput for
  // `session` behind a pooler. REQUIRES: no open transaction on `session`.
  Status Acquire(PgSession& session, std::chrono::milliseconds timeout,
                 const LockWaitObserver& on_wait, PgLeaseRenewer::SessionOpener open,
                 std::function<void()> on_lost);
  // Session mode: takes the advisory lock back on a new session after a lost connection.
  Status Retake(PgSession& session, std::chrono::milliseconds timeout);
  // Lets go. Session mode: only when `session` is the one that took it.
  Status Release(PgSession& session, bool same_session);

  bool lease() const { return lease_mode_; }
  bool held() const { return held_; }

  // Lease mode, inside the caller's transaction: PgFenceLease. Session mode: nothing.
  Status Fence(PgSession& session);
  // Lease mode: whether this run's lease is gone (the renewer said so, or the row names
  // another token or run now: read on `session`, or on a connection of its own when
  // `session` is inside a transaction, which may have failed); then the kLockLost error.
  // Session mode, or when the row cannot be read: nullopt.
  std::optional<Status> Lost(PgSession& session);
  // Stops the lease's renewal (before the session it may interrupt goes away).
  void StopRenewing() { renewer_.reset(); }

  // The holders of this database's lock in either mode; reads only.
  Result<std::vector<LockHolder>> ReadHolders(PgSession& session);
  // Releases the lease held under `token`, whoever holds it: false when it moved on.
  Result<bool> Clear(PgSession& session, int64_t token);

 private:
  Result<bool> ChooseLease(PgSession& session);

  const PgLockKey key_;
  const PgLease lease_;
  const revisions::LockMode mode_;
  const std::string pooler_;
  const std::string version_table_;
  bool chosen_ = false;
  bool lease_mode_ = false;
  bool held_ = false;
  PgLeaseOwner owner_;
  int64_t token_ = 0;
  PgLeaseRenewer::SessionOpener open_;  // a connection of the lock's own
  std::unique_ptr<PgLeaseRenewer> renewer_;
};

}  // namespace rev::engine::backends
