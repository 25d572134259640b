#include "engine/backends/postgres_migration_lock.h"

#include "engine/backends/postgres_pooler.h"

namespace rev::engine::backends {
namespace {

// What an engine without usable advisory locks answers pg_try_advisory_lock with.
constexpr const char* kInsufficientPrivilege = "42501";
constexpr const char* kUndefinedFunction = "42883";
constexpr const char* kFeatureNotSupported = "0A000";

}  // namespace

PgMigrationLock::PgMigrationLock(PgLockKey key, PgLease lease, revisions::LockMode mode,
                                 std::string pooler, std::string version_table)
    : key_(key),
      lease_(std::move(lease)),
      mode_(mode),
      pooler_(std::move(pooler)),
      version_table_(std::move(version_table)),
      owner_(ThisLeaseOwner()) {}

PgMigrationLock::~PgMigrationLock() = default;

// Whether to use the lease. `auto` may take the advisory lock while probing it: held_ says so.
Result<bool> PgMigrationLock::ChooseLease(PgSession& session) {
  if (mode_ == revisions::LockMode::kLease) return true;
  REV_ASSIGN_OR_RETURN(std::string engine, PgEngineWithoutAdvisoryLocks(session));
  if (mode_ == revisions::LockMode::kSession) {
    if (!engine.empty()) {
      return Status::InvalidInput("lock: session cannot be held on " + engine +
                                  ": its advisory locks do not lock")
          .WithHint("use `lock: lease` or `lock: auto` in rev.yaml (or --lock lease)");
    }
    if (pooler_.empty()) return false;
    return Status::InvalidInput("lock: session cannot be held through a connection pooler (" +
                                pooler_ +
                                "): the advisory lock would stay on a pooled server connection")
        .WithHint(
            "use `lock: lease` or `lock: auto` in rev.yaml (or --lock lease), or connect to "
            "PostgreSQL directly");
  }
  if (!pooler_.empty() || !engine.empty()) return true;
  Result<bool> probe = PgTryLock(session, key_);
  if (probe.ok()) {
    held_ = *probe;
    return false;
  }
  const std::string& state = session.last_sqlstate();
  if (state == kInsufficientPrivilege || state == kUndefinedFunction ||
      state == kFeatureNotSupported) {
    return true;
  }
  return probe.status();
}

Status PgMigrationLock::Acquire(PgSession& session, std::chrono::milliseconds timeout,
                                const LockWaitObserver& on_wait, PgLeaseRenewer::SessionOpener open,
                                std::function<void()> on_lost) {
  if (held_ && chosen_) return Status::Ok();
  if (!chosen_) {
    REV_ASSIGN_OR_RETURN(lease_mode_, ChooseLease(session));
    chosen_ = true;
  }
  if (!lease_mode_) {
    // A run of another mode (auto through a pooler, or lease) may hold the lease: an
    // advisory lock taken meanwhile is given back and waited for again.
    auto lease_free = [&]() -> Result<bool> {
      REV_ASSIGN_OR_RETURN(std::optional<PgLeaseRow> row, PgReadLease(session, lease_));
      if (!row || !row->held()) return true;
      REV_RETURN_IF_ERROR(PgUnlock(session, key_));
      return false;
    };
    if (held_) {
      REV_ASSIGN_OR_RETURN(bool free, lease_free());
      if (free) return Status::Ok();
      held_ = false;
    }
    REV_RETURN_IF_ERROR(PgWaitForLock(session, key_, timeout, version_table_, on_wait, lease_free));
    held_ = true;
    return Status::Ok();
  }
  REV_RETURN_IF_ERROR(PgEnsureLeaseTable(session, lease_));
  // Likewise, a session-mode run holding the advisory lock keeps the lease waiting.
  auto advisory_free = [&](int64_t token) -> Result<bool> {
    Result<bool> advisory = PgLockIsHeld(session, key_);
    if (!advisory.ok() || !*advisory) return true;  // pg_locks unreadable: nothing to defer to
    REV_RETURN_IF_ERROR(PgReleaseLease(session, lease_, token, owner_.run_id));
    return false;
  };
  REV_ASSIGN_OR_RETURN(token_,
                       PgWaitForLease(session, lease_, owner_, timeout, on_wait, advisory_free));
  held_ = true;
  open_ = open;
  renewer_ = std::make_unique<PgLeaseRenewer>(lease_, token_, owner_.run_id, std::move(open),
                                              std::move(on_lost));
  return Status::Ok();
}

Status PgMigrationLock::Retake(PgSession& session, std::chrono::milliseconds timeout) {
  if (lease_mode_) return Status::Ok();  // the lease does not go with a connection
  REV_RETURN_IF_ERROR(PgWaitForLock(session, key_, timeout, version_table_));
  held_ = true;
  return Status::Ok();
}

Status PgMigrationLock::Release(PgSession& session, bool same_session) {
  if (!held_) return Status::Ok();
  held_ = false;
  if (!lease_mode_) return same_session ? PgUnlock(session, key_) : Status::Ok();
  // Stopped first: a renewal after the release would read as a lost lease.
  renewer_.reset();
  return PgReleaseLease(session, lease_, token_, owner_.run_id);
}

Status PgMigrationLock::Fence(PgSession& session) {
  if (!lease_mode_) return Status::Ok();
  if (!held_) return Status::Internal("a change was recorded without the migration lock");
  return PgFenceLease(session, lease_, token_, owner_.run_id);
}

std::optional<Status> PgMigrationLock::Lost(PgSession& session) {
  if (!lease_mode_ || token_ == 0) return std::nullopt;
  std::unique_ptr<PgSession> own;
  PgSession* reader = &session;
  if (session.in_transaction() || !session.connected()) {
    if (!open_) return std::nullopt;
    Result<std::unique_ptr<PgSession>> opened = open_();
    if (!opened.ok()) return std::nullopt;
    own = std::move(*opened);
    reader = own.get();
  }
  bool lost = renewer_ != nullptr && renewer_->lost();
  if (!lost) {
    Result<std::optional<PgLeaseRow>> row = PgReadLease(*reader, lease_);
    if (!row.ok()) return std::nullopt;
    lost = !*row || (*row)->token != token_ || (*row)->run_id != owner_.run_id;
  }
  if (!lost) return std::nullopt;
  return PgLeaseLostError(*reader, lease_, token_);
}

Result<std::vector<LockHolder>> PgMigrationLock::ReadHolders(PgSession& session) {
  std::vector<LockHolder> holders;
  Result<std::vector<PgLockHolder>> sessions = PgReadLockHolders(session, key_);
  if (sessions.ok()) {
    for (const PgLockHolder& held : *sessions) {
      LockHolder holder;
      holder.mode = "session";
      holder.pid = held.pid;
      holder.description = DescribeHolders({held});
      holders.push_back(std::move(holder));
    }
  }
  REV_ASSIGN_OR_RETURN(std::optional<PgLeaseRow> row, PgReadLease(session, lease_));
  if (row && !row->run_id.empty()) {
    LockHolder holder;
    holder.mode = "lease";
    holder.description = DescribeLease(*row);
    holder.pid = row->pid;
    holder.host = row->host;
    holder.run_id = row->run_id;
    holder.token = row->token;
    holder.expires_at = row->expires_at;
    holder.expired = row->expired;
    holders.push_back(std::move(holder));
  }
  return holders;
}

Result<bool> PgMigrationLock::Clear(PgSession& session, int64_t token) {
  return PgClearLease(session, lease_, token);
}

}  // namespace rev::engine::backends
