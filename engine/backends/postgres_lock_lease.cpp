#include "engine/backends/postgres_lock_lease.h"

#include <unistd.h>

#include <cstdlib>
#include <random>

#include "engine/backends/postgres_lock.h"
#include "engine/backends/sql_identifiers.h"

namespace rev::engine::backends {
namespace {

// Another runner created the same object between our IF NOT EXISTS check and our insert
// into the catalog.
constexpr const char* kUniqueViolation = "23505";
constexpr const char* kDuplicateTable = "42P07";
constexpr const char* kDuplicateSchema = "42P06";

std::string Utc(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

// `sql`, where another runner's concurrent create counts as done.
Status CreateRacing(PgSession& session, const std::string& sql, const std::string& what) {
  Status created = session.Query(sql, {}, what).status();
  if (created.ok()) return created;
  const std::string& state = session.last_sqlstate();
  if (state == kUniqueViolation || state == kDuplicateTable || state == kDuplicateSchema) {
    return Status::Ok();
  }
  return created;
}

std::string Seconds(const PgLease& lease) { return std::to_string(lease.length.count()); }

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

}  // namespace

PgLeaseOwner ThisLeaseOwner() {
  std::random_device random;
  std::mt19937_64 bits((static_cast<uint64_t>(random()) << 32) ^ random() ^ getpid());
  char id[17];
  std::snprintf(id, sizeof id, "%016llx", static_cast<unsigned long long>(bits()));
  return {HostName(), static_cast<int>(getpid()), id};
}

std::string DescribeLease(const PgLeaseRow& row) {
  std::string text = "lease of run " + (row.run_id.empty() ? std::string("(none)") : row.run_id) +
                     " (pid " + std::to_string(row.pid) + " on " + row.host + ", token " +
                     std::to_string(row.token) + ")";
  if (row.run_id.empty()) return text + ", released";
  return text + (row.expired ? ", expired at " : ", expires at ") + row.expires_at;
}

Status PgEnsureLeaseTable(PgSession& session, const PgLease& lease) {
  if (!lease.schema.empty()) {
    REV_RETURN_IF_ERROR(CreateRacing(session,
                                     "CREATE SCHEMA IF NOT EXISTS " + QuoteIdentifier(lease.schema),
                                     "creating schema " + QuoteIdentifier(lease.schema)));
  }
  return CreateRacing(session,
                      "CREATE TABLE IF NOT EXISTS " + lease.table +
                          " (name VARCHAR(128) NOT NULL PRIMARY KEY,"
                          " token BIGINT NOT NULL,"
                          " owner_host TEXT NOT NULL,"
                          " owner_pid INTEGER NOT NULL,"
                          " run_id TEXT,"
                          " acquired_at TIMESTAMPTZ NOT NULL,"
                          " renewed_at TIMESTAMPTZ NOT NULL,"
                          " expires_at TIMESTAMPTZ NOT NULL)",
                      "creating " + lease.table);
}

Result<std::optional<int64_t>> PgTakeLease(PgSession& session, const PgLease& lease,
                                           const PgLeaseOwner& owner) {
  const std::string sql =
      "INSERT INTO " + lease.table +
      " AS l (name, token, owner_host, owner_pid, run_id, acquired_at, renewed_at, expires_at)"
      " VALUES ($1, 1, $2, $3::integer, $4, clock_timestamp(), clock_timestamp(),"
      " clock_timestamp() + $5::integer * interval '1 second')"
      " ON CONFLICT (name) DO UPDATE SET token = l.token + 1, owner_host = EXCLUDED.owner_host,"
      " owner_pid = EXCLUDED.owner_pid, run_id = EXCLUDED.run_id,"
      " acquired_at = EXCLUDED.acquired_at, renewed_at = EXCLUDED.renewed_at,"
      " expires_at = EXCLUDED.expires_at"
      " WHERE l.run_id IS NULL OR l.expires_at < clock_timestamp()"
      " RETURNING token";
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query(
          sql, {lease.name, owner.host, std::to_string(owner.pid), owner.run_id, Seconds(lease)},
          "taking the migration lock's lease"));
  if (result.rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(std::stoll(result.rows[0].at(0).value_or("0")));
}

Result<int64_t> PgWaitForLease(PgSession& session, const PgLease& lease, const PgLeaseOwner& owner,
                               std::chrono::milliseconds timeout, const LockWaitObserver& on_wait,
                               const std::function<Result<bool>(int64_t)>& also_free) {
  std::optional<int64_t> token;
  bool told = !on_wait || timeout.count() == 0;
  auto try_take = [&]() -> Result<bool> {
    REV_ASSIGN_OR_RETURN(token, PgTakeLease(session, lease, owner));
    if (token && also_free) {
      REV_ASSIGN_OR_RETURN(bool free, also_free(*token));
      if (!free) token.reset();
    }
    if (token || told) return token.has_value();
    REV_ASSIGN_OR_RETURN(std::optional<PgLeaseRow> row, PgReadLease(session, lease));
    if (row && row->held()) {
      on_wait({DescribeLease(*row), timeout});
      told = true;
    }
    return false;
  };
  REV_ASSIGN_OR_RETURN(bool taken, PollForLock(try_take, timeout));
  if (taken) return *token;
  REV_ASSIGN_OR_RETURN(std::optional<PgLeaseRow> row, PgReadLease(session, lease));
  std::string holder = row ? DescribeLease(*row) : std::string("it let go just now");
  return Status::LockTimeout("another rev holds the migration lock of " + lease.name + " (" +
                             holder + "); waited " + std::to_string(timeout.count() / 1000) + " s")
      .WithHint(
          "wait for that run to finish, or give it longer with --lock-timeout SECONDS; a run "
          "that died lets go when its lease expires, and `rev repair --release-lock` releases "
          "an expired lease at once");
}

Result<bool> PgRenewLease(PgSession& session, const PgLease& lease, int64_t token,
                          const std::string& run_id) {
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query("UPDATE " + lease.table +
                        " SET renewed_at = clock_timestamp(), expires_at = clock_timestamp() +"
                        " $3::integer * interval '1 second'"
                        " WHERE name = $1 AND token = $2::bigint AND run_id = $4 RETURNING 1",
                    {lease.name, std::to_string(token), Seconds(lease), run_id},
                    "renewing the migration lock's lease"));
  return !result.rows.empty();
}

Status PgFenceLease(PgSession& session, const PgLease& lease, int64_t token,
                    const std::string& run_id) {
  REV_ASSIGN_OR_RETURN(bool held, PgRenewLease(session, lease, token, run_id));
  if (held) return Status::Ok();
  return PgLeaseLostError(session, lease, token);
}

Status PgLeaseLostError(PgSession& session, const PgLease& lease, int64_t token) {
  std::string now;
  Result<std::optional<PgLeaseRow>> row = PgReadLease(session, lease);
  if (row.ok() && *row && (*row)->token != token) {
    now = " to run " + (*row)->run_id + " (pid " + std::to_string((*row)->pid) + " on " +
          (*row)->host + ", token " + std::to_string((*row)->token) + ")";
  }
  return Status::LockLost("the migration lock's lease (token " + std::to_string(token) +
                          ") was lost" + now +
                          "; this run stopped and recorded nothing more; the other run goes on")
      .WithHint(
          "a run that pauses longer than lock_lease loses the lock; run `rev status` to see "
          "where the database is, and give lock_lease more seconds if runs are slowed that "
          "long");
}

Status PgReleaseLease(PgSession& session, const PgLease& lease, int64_t token,
                      const std::string& run_id) {
  return session
      .Query("UPDATE " + lease.table +
                 " SET run_id = NULL, expires_at = clock_timestamp()"
                 " WHERE name = $1 AND token = $2::bigint AND run_id = $3",
             {lease.name, std::to_string(token), run_id}, "releasing the migration lock's lease")
      .status();
}

Result<std::optional<PgLeaseRow>> PgReadLease(PgSession& session, const PgLease& lease) {
  REV_ASSIGN_OR_RETURN(PgResult exists, session.Query("SELECT to_regclass($1) IS NOT NULL",
                                                      {lease.table}, "looking up " + lease.table));
  if (exists.rows.at(0).at(0).value_or("") != "t") return std::optional<PgLeaseRow>();
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query("SELECT token, owner_host, owner_pid, COALESCE(run_id, ''), " +
                        Utc("acquired_at") + ", " + Utc("expires_at") +
                        ", expires_at < clock_timestamp() FROM " + lease.table + " WHERE name = $1",
                    {lease.name}, "reading the migration lock's lease"));
  if (result.rows.empty()) return std::optional<PgLeaseRow>();
  const PgRow& fields = result.rows[0];
  PgLeaseRow row;
  row.token = std::stoll(fields.at(0).value_or("0"));
  row.host = fields.at(1).value_or("");
  row.pid = std::atoi(fields.at(2).value_or("0").c_str());
  row.run_id = fields.at(3).value_or("");
  row.acquired_at = fields.at(4).value_or("");
  row.expires_at = fields.at(5).value_or("");
  row.expired = fields.at(6).value_or("") == "t";
  return std::optional<PgLeaseRow>(row);
}

Result<bool> PgClearLease(PgSession& session, const PgLease& lease, int64_t token) {
  REV_ASSIGN_OR_RETURN(
      PgResult result,
      session.Query("UPDATE " + lease.table +
                        " SET run_id = NULL, expires_at = clock_timestamp()"
                        " WHERE name = $1 AND token = $2::bigint RETURNING 1",
                    {lease.name, std::to_string(token)}, "releasing the migration lock's lease"));
  return !result.rows.empty();
}

}  // namespace rev::engine::backends
