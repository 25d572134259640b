// PostgreSQL's migration lock: its key, taking it by polling, releasing it, and the error
// naming who holds it.
//
// The lock is a session-level advisory lock taken with pg_try_advisory_lock, polled: a
// runner waiting in pg_advisory_lock would count as an open transaction, and a CREATE INDEX
// CONCURRENTLY of the runner holding the lock would wait for it forever (a deadlock).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/backends/lock_wait.h"
#include "engine/backends/postgres_session.h"
#include "revisions/result.h"

namespace rev::engine::backends {

// A fixed prefix ("rev" and a zero byte) in the high 32 bits, so rev's locks are told apart
// from an application's, and FNV-1a of (database, schema, version table) in the low 32
// bits: two projects sharing a database, or one project's schemas, do not block each
// other. pg_locks shows a bigint key as classid (high half) and objid (low half), with
// objsubid 1.
struct PgLockKey {
  int64_t key = 0;
  uint32_t classid = 0;
  uint32_t objid = 0;
};
inline constexpr uint32_t kPgLockPrefix = 0x72657600;
PgLockKey MigrationLockKey(const std::string& database, const std::string& schema,
                           const std::string& version_table);

// Calls `try_lock` until it answers true, it fails, or `timeout` has passed (it is called
// at least once). Sleeps between calls with backoff (50 ms doubling to 1 s) and jitter,
// never past the deadline. Returns whether the lock was taken, or try_lock's error.
Result<bool> PollForLock(const std::function<Result<bool>()>& try_lock,
                         std::chrono::milliseconds timeout);

// A session holding the lock, as pg_stat_activity shows it (fields may be empty when the
// role may not see them).
struct PgLockHolder {
  int pid = 0;
  std::string application_name;
  std::string client;  // client_addr, or "local socket"
  std::string since;   // backend_start
};

// One pg_try_advisory_lock(key) on `session`: whether it took the lock. Never waits.
Result<bool> PgTryLock(PgSession& session, const PgLockKey& key);

// Polls PgTryLock until `timeout`; fails with PgLockTimeoutError (naming `version_table`
// and the holders PgReadLockHolders finds) when it runs out. When the first try fails and
// `timeout` is not 0, tells `on_wait` (if set) once who holds the lock, as soon as
// PgReadLockHolders finds a holder. `also_free`, when set, is asked after each lock taken
// whether nothing else holds the migration lock (a lease, postgres_migration_lock.h); it
// gives the lock back and answers false when something does. REQUIRES: no open
// transaction on `session` (a waiter inside one could deadlock the holder's CREATE INDEX
// CONCURRENTLY).
Status PgWaitForLock(PgSession& session, const PgLockKey& key, std::chrono::milliseconds timeout,
                     const std::string& version_table, const LockWaitObserver& on_wait = {},
                     const std::function<Result<bool>()>& also_free = {});

// pg_advisory_unlock(key), checked: kInternal when this session did not hold it.
Status PgUnlock(PgSession& session, const PgLockKey& key);

// Whether any session of this database holds the lock now (pg_locks). Never waits.
Result<bool> PgLockIsHeld(PgSession& session, const PgLockKey& key);

// kLockTimeout: another rev holds the lock on `version_table` (named by each holder's pid
// and application_name), with a hint on what to do. `holders` may be empty when the holder
// let go just after the last try.
Status PgLockTimeoutError(const std::string& version_table,
                          const std::vector<PgLockHolder>& holders,
                          std::chrono::milliseconds timeout);

// "pid 5678, application_name 'rev', client 10.0.0.5, connected since ...", each holder in
// turn, separated by "; ".
std::string DescribeHolders(const std::vector<PgLockHolder>& holders);

// The sessions holding the lock now, by pid: pg_locks joined with pg_stat_activity.
Result<std::vector<PgLockHolder>> PgReadLockHolders(PgSession& session, const PgLockKey& key);

}  // namespace rev::engine::backends
