#include "engine/backends/postgres_lock.h"

#include <algorithm>
#include <cstdlib>
#include <random>
#include <thread>

#include "revisions/join.h"

namespace rev::engine::backends {
namespace {

constexpr uint32_t kFnvOffset = 2166136261u;
constexpr uint32_t kFnvPrime = 16777619u;

uint32_t Fnv1a(uint32_t hash, const std::string& text) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kFnvPrime;
  }
  return hash;
}

std::string FormatSeconds(std::chrono::milliseconds duration) {
  auto millis = duration.count();
  if (millis % 1000 == 0) return std::to_string(millis / 1000) + " s";
  return std::to_string(millis) + " ms";
}

std::string DescribeHolder(const PgLockHolder& holder) {
  std::string text = "pid " + std::to_string(holder.pid);
  text += ", application_name '" + holder.application_name + "'";
  if (!holder.client.empty()) text += ", client " + holder.client;
  if (!holder.since.empty()) text += ", connected since " + holder.since;
  return text;
}

// The pg_locks rows of the migration lock: granted, in this database, under the key
// ($1 classid, $2 objid; a bigint key shows objsubid 1).
constexpr const char* kLockRows =
    " FROM pg_locks l WHERE l.locktype = 'advisory'"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1 AND l.granted";

PgParams KeyHalves(const PgLockKey& key) {
  return {std::to_string(key.classid), std::to_string(key.objid)};
}

bool IsTrue(const PgResult& result) {
  return !result.rows.empty() && !result.rows[0].empty() && result.rows[0][0] == "t";
}

}  // namespace

PgLockKey MigrationLockKey(const std::string& database, const std::string& schema,
                           const std::string& version_table) {
  // The zero bytes keep ("ab", "c") and ("a", "bc") apart.
  uint32_t hash = Fnv1a(kFnvOffset, database);
  hash = Fnv1a(hash, std::string(1, '\0'));
  hash = Fnv1a(hash, schema);
  hash = Fnv1a(hash, std::string(1, '\0'));
  hash = Fnv1a(hash, version_table);
  PgLockKey key;
  key.classid = kPgLockPrefix;
  key.objid = hash;
  key.key = static_cast<int64_t>((static_cast<uint64_t>(kPgLockPrefix) << 32) | hash);
  return key;
}

Result<bool> PollForLock(const std::function<Result<bool>()>& try_lock,
                         std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  std::minstd_rand jitter(std::random_device{}());
  std::chrono::milliseconds backoff(50);
  while (true) {
    Result<bool> taken = try_lock();
    if (!taken.ok() || *taken) return taken;
    Clock::time_point now = Clock::now();
    if (now >= deadline) return false;
    // Up to a quarter of the backoff at random, so runners that started together spread.
    std::chrono::milliseconds pause =
        backoff + std::chrono::milliseconds(jitter() % (backoff.count() / 4 + 1));
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    std::this_thread::sleep_for(std::min(pause, left));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
  }
}

Status PgLockTimeoutError(const std::string& version_table,
                          const std::vector<PgLockHolder>& holders,
                          std::chrono::milliseconds timeout) {
  std::string message = "another rev holds the migration lock of " + version_table;
  if (holders.empty()) {
    message += " (it let go just now)";
  } else {
    message += " (" + DescribeHolders(holders) + ")";
  }
  message += "; waited " + FormatSeconds(timeout);
  std::string hint =
      "wait for that run to finish, or give it longer with --lock-timeout SECONDS; if that "
      "process hangs, ending its session releases the lock";
  if (!holders.empty()) {
    hint += " (SELECT pg_terminate_backend(" + std::to_string(holders.front().pid) + "))";
  }
  return Status::LockTimeout(message).WithHint(hint);
}

Result<bool> PgTryLock(PgSession& session, const PgLockKey& key) {
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query("SELECT pg_try_advisory_lock($1::bigint)",
                                     {std::to_string(key.key)}, "taking the migration lock"));
  return IsTrue(result);
}

std::string DescribeHolders(const std::vector<PgLockHolder>& holders) {
  std::vector<std::string> described;
  for (const PgLockHolder& holder : holders) described.push_back(DescribeHolder(holder));
  return revisions::Join(described, "; ");
}

Status PgWaitForLock(PgSession& session, const PgLockKey& key, std::chrono::milliseconds timeout,
                     const std::string& version_table, const LockWaitObserver& on_wait,
                     const std::function<Result<bool>()>& also_free) {
  if (session.in_transaction()) {
    return Status::Internal("the migration lock is waited for outside any transaction");
  }
  bool told = !on_wait || timeout.count() == 0;
  auto try_lock = [&]() -> Result<bool> {
    REV_ASSIGN_OR_RETURN(bool taken, PgTryLock(session, key));
    if (taken && also_free) {
      REV_ASSIGN_OR_RETURN(taken, also_free());
    }
    if (taken || told) return taken;
    // No holder found: it let go after the try; the next try will most likely succeed.
    REV_ASSIGN_OR_RETURN(std::vector<PgLockHolder> holders, PgReadLockHolders(session, key));
    if (!holders.empty()) {
      on_wait({DescribeHolders(holders), timeout});
      told = true;
    }
    return false;
  };
  REV_ASSIGN_OR_RETURN(bool taken, PollForLock(try_lock, timeout));
  if (taken) return Status::Ok();
  REV_ASSIGN_OR_RETURN(std::vector<PgLockHolder> holders, PgReadLockHolders(session, key));
  return PgLockTimeoutError(version_table, holders, timeout);
}

Status PgUnlock(PgSession& session, const PgLockKey& key) {
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query("SELECT pg_advisory_unlock($1::bigint)",
                                     {std::to_string(key.key)}, "releasing the migration lock"));
  if (!IsTrue(result)) {
    return Status::Internal("releasing the migration lock: this session did not hold it");
  }
  return Status::Ok();
}

Result<bool> PgLockIsHeld(PgSession& session, const PgLockKey& key) {
  REV_ASSIGN_OR_RETURN(PgResult result,
                       session.Query(std::string("SELECT EXISTS (SELECT 1") + kLockRows + ")",
                                     KeyHalves(key), "looking for the migration lock"));
  return IsTrue(result);
}

Result<std::vector<PgLockHolder>> PgReadLockHolders(PgSession& session, const PgLockKey& key) {
  const std::string sql =
      "SELECT h.pid, COALESCE(a.application_name, ''),"
      " CASE WHEN a.pid IS NULL THEN '' WHEN a.client_addr IS NULL THEN 'local socket'"
      " ELSE host(a.client_addr) END,"
      " COALESCE(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"
      " FROM (SELECT l.pid" +
      std::string(kLockRows) + ") h LEFT JOIN pg_stat_activity a ON a.pid = h.pid ORDER BY h.pid";
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query(sql, KeyHalves(key), "looking for the holder of the migration lock"));
  std::vector<PgLockHolder> holders;
  for (const PgRow& row : result.rows) {
    PgLockHolder holder;
    holder.pid = std::atoi(row.at(0).value_or("0").c_str());
    holder.application_name = row.at(1).value_or("");
    holder.client = row.at(2).value_or("");
    holder.since = row.at(3).value_or("");
    holders.push_back(std::move(holder));
  }
  return holders;
}

}  // namespace rev::engine::backends
