#include "engine/backends/postgres_lease_renewer.h"

namespace rev::engine::backends {

PgLeaseRenewer::PgLeaseRenewer(PgLease lease, int64_t token, std::string run_id, SessionOpener open,
                               std::function<void()> on_lost)
    : lease_(std::move(lease)),
      token_(token),
      run_id_(std::move(run_id)),
      open_(std::move(open)),
      on_lost_(std::move(on_lost)),
      thread_([this] { Run(); }) {}

PgLeaseRenewer::~PgLeaseRenewer() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PgLeaseRenewer::Run() {
  // A third of the lease: two renewals may fail before it runs out.
  const auto beat = std::chrono::duration_cast<std::chrono::milliseconds>(lease_.length) / 3;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, beat, [this] { return stopping_; })) {
    lock.unlock();
    bool held = RenewOnce();
    lock.lock();
    if (!held) {
      lost_ = true;
      lock.unlock();
      on_lost_();
      return;
    }
  }
}

bool PgLeaseRenewer::RenewOnce() {
  if (session_ == nullptr || !session_->connected()) {
    Result<std::unique_ptr<PgSession>> opened = open_();
    if (!opened.ok()) return true;  // tried again at the next beat
    session_ = std::move(*opened);
  }
  Result<bool> renewed = PgRenewLease(*session_, lease_, token_, run_id_);
  return !renewed.ok() || *renewed;
}

}  // namespace rev::engine::backends
