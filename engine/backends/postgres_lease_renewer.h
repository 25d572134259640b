// PgLeaseRenewer: keeps a run's lease lock alive from a thread of its own, on a connection
// of its own, so that a long step (one statement running for minutes) does not lose it.
//
// Every third of the lease it moves the expiry on (PgRenewLease). When it finds the lease
// taken over (the run was paused past its expiry, or repaired away), it stops and calls
// `on_lost` once, so that the run's running statement is cancelled at once instead of
// running on to a commit its fence would refuse anyway. A renewal that fails (the server
// restarting, a dropped connection) is tried again on a new connection at the next beat:
// only the fence of a write decides that the lease is gone.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "engine/backends/postgres_lock_lease.h"
#include "engine/backends/postgres_session.h"

namespace rev::engine::backends {

class PgLeaseRenewer {
 public:
  using SessionOpener = std::function<Result<std::unique_ptr<PgSession>>()>;

  // Starts renewing (`token`, `run_id`) of `lease`. `open` makes the renewer's connection;
  // `on_lost` runs on the renewer's thread.
  PgLeaseRenewer(PgLease lease, int64_t token, std::string run_id, SessionOpener open,
                 std::function<void()> on_lost);
  ~PgLeaseRenewer();  // stops and joins the thread
  PgLeaseRenewer(const PgLeaseRenewer&) = delete;
  PgLeaseRenewer& operator=(const PgLeaseRenewer&) = delete;

  // Whether a renewal found the lease taken over.
  bool lost() const { return lost_; }

 private:
  void Run();
  // One renewal; false when the lease was found taken over.
  bool RenewOnce();

  const PgLease lease_;
  const int64_t token_;
  const std::string run_id_;
  const SessionOpener open_;
  const std::function<void()> on_lost_;
  std::unique_ptr<PgSession> session_;  // the renewer thread's own
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> lost_{false};
  std::thread thread_;  // last: started once everything above is ready
};

}  // namespace rev::engine::backends
