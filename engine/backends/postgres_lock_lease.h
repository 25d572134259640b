// The lease lock on PostgreSQL: a row of the rev_lock table, for where a session advisory
// lock cannot be trusted (behind a connection pooler in transaction mode) or is not there
// (engines that stub or refuse the pg_advisory_* functions).
//
//   rev_lock (name PRIMARY KEY   the version table's name: one row per lock
//             token BIGINT       grows by one on every take-over, never reset
//             owner_host, owner_pid, run_id   who holds it; run_id NULL when released
//             acquired_at, renewed_at, expires_at TIMESTAMPTZ)
//
// Every time is the server's clock_timestamp(), never the client's. A run takes the row
// when it is released or expired, renews it while it lives (postgres_lease_renewer.h), and
// fences each write of its bookkeeping with PgFenceLease inside the write's transaction:
// a run whose lease was taken over cannot record anything, however long it was paused.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/backends/lock_wait.h"
#include "engine/backends/postgres_session.h"
#include "revisions/result.h"

namespace rev::engine::backends {

// Which lease, and how long it lasts.
struct PgLease {
  std::string table;   // the rev_lock table, quoted and qualified like rev's other tables
  std::string schema;  // the schema to create first ("" when none is configured)
  std::string name;    // the row's name: the version table's
  std::chrono::seconds length{30};
};

// Who takes it: this host and process, and a random id for this run.
struct PgLeaseOwner {
  std::string host;
  int pid = 0;
  std::string run_id;
};
PgLeaseOwner ThisLeaseOwner();

// The row as it is now.
struct PgLeaseRow {
  int64_t token = 0;
  std::string host;
  int pid = 0;
  std::string run_id;  // "" when released
  std::string acquired_at;
  std::string expires_at;
  bool expired = false;  // by the server's clock

  bool held() const { return !run_id.empty() && !expired; }
};

// "run 4f2a… (pid 812 on build-7, token 3), expires 2026-…Z" (and "expired" when it is).
std::string DescribeLease(const PgLeaseRow& row);

// Creates the schema (when configured) and the table when missing. Runners racing to create
// them see 23505 / 42P07 / 42P06, which mean another one made it: success.
Status PgEnsureLeaseTable(PgSession& session, const PgLease& lease);

// Takes the row when it is free, released or expired: its token, or nullopt when another
// run holds it. Autocommit. REQUIRES: the table exists.
Result<std::optional<int64_t>> PgTakeLease(PgSession& session, const PgLease& lease,
                                           const PgLeaseOwner& owner);

// Polls PgTakeLease until `timeout`; fails with kLockTimeout naming the holder. Tells
// `on_wait` once who holds it, before the first pause. `also_free`, when set, is asked
// after each take (with its token) whether nothing else holds the migration lock (an
// advisory lock); it releases the lease and answers false when something does.
Result<int64_t> PgWaitForLease(PgSession& session, const PgLease& lease, const PgLeaseOwner& owner,
                               std::chrono::milliseconds timeout, const LockWaitObserver& on_wait,
                               const std::function<Result<bool>(int64_t)>& also_free = {});

// Moves the expiry a lease length on, if `token` and `run_id` still hold the row: false
// when they do not (the lease was taken over or released).
Result<bool> PgRenewLease(PgSession& session, const PgLease& lease, int64_t token,
                          const std::string& run_id);

// PgRenewLease inside the caller's transaction, as the first statement of a bookkeeping
// write: the row stays locked to the commit, so no run can take it over in between. Fails
// with kLockLost (PgLeaseLostError) when the lease is no longer this run's.
Status PgFenceLease(PgSession& session, const PgLease& lease, int64_t token,
                    const std::string& run_id);

// kLockLost naming the run that holds the lease now (read on `session`, best effort).
Status PgLeaseLostError(PgSession& session, const PgLease& lease, int64_t token);

// Releases the lease if `token` and `run_id` still hold it: run_id cleared, expired now,
// the token kept.
Status PgReleaseLease(PgSession& session, const PgLease& lease, int64_t token,
                      const std::string& run_id);

// The row, or nullopt when the table or the row does not exist. Reads only.
Result<std::optional<PgLeaseRow>> PgReadLease(PgSession& session, const PgLease& lease);

// Releases whatever run holds the row under `token` (rev repair --release-lock): false
// when the token moved on meanwhile.
Result<bool> PgClearLease(PgSession& session, const PgLease& lease, int64_t token);

}  // namespace rev::engine::backends
