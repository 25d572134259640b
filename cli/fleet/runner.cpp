#include "cli/fleet/runner.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace rev::cli {
namespace {

constexpr auto kTickEvery = std::chrono::milliseconds(200);

// One batch of targets [begin, end) shared by the workers: the next to start, and whether
// starting has stopped.
class Batch {
 public:
  Batch(const std::vector<const FleetTarget*>& targets, const TargetWork& work,
        const FleetSchedule& schedule, const std::atomic<bool>* interrupted,
        FleetObserver* observer, std::vector<TargetOutcome>* outcomes)
      : targets_(targets),
        work_(work),
        schedule_(schedule),
        interrupted_(interrupted),
        observer_(observer),
        outcomes_(outcomes) {}

  // Runs targets [begin, end) on `workers` threads, calling `tick` while they run. Returns
  // whether every one of them finished well.
  bool Run(size_t begin, size_t end, size_t workers, const std::function<void()>& tick) {
    next_ = begin;
    end_ = end;
    running_ = workers;
    all_well_ = true;
    std::vector<std::thread> threads;
    for (size_t i = 0; i < workers; ++i) threads.emplace_back([this] { Work(); });
    {
      std::unique_lock<std::mutex> lock(mutex_);
      while (running_ > 0) {
        if (done_.wait_for(lock, kTickEvery, [this] { return running_ == 0; })) break;
        lock.unlock();
        if (tick) tick();
        lock.lock();
      }
    }
    for (std::thread& thread : threads) thread.join();
    return all_well_;
  }

  bool stopped() const { return stopped_; }

 private:
  void Work() {
    while (true) {
      size_t index = 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopped_ || next_ >= end_ || (interrupted_ != nullptr && interrupted_->load())) break;
        index = next_++;
        observer_->TargetStarted(index);
      }
      TargetOutcome outcome = work_(*targets_[index]);
      std::lock_guard<std::mutex> lock(mutex_);
      if (!FinishedWell(outcome.state)) all_well_ = false;
      if (outcome.state == TargetState::kFailed && schedule_.stop_on_error) stopped_ = true;
      if (outcome.state == TargetState::kInterrupted) stopped_ = true;
      observer_->TargetFinished(index, outcome);
      (*outcomes_)[index] = std::move(outcome);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (--running_ == 0) done_.notify_all();
  }

  const std::vector<const FleetTarget*>& targets_;
  const TargetWork& work_;
  const FleetSchedule& schedule_;
  const std::atomic<bool>* interrupted_;
  FleetObserver* observer_;
  std::vector<TargetOutcome>* outcomes_;
  std::mutex mutex_;
  std::condition_variable done_;
  size_t next_ = 0;
  size_t end_ = 0;
  size_t running_ = 0;
  bool stopped_ = false;
  bool all_well_ = true;
};

}  // namespace

std::vector<TargetOutcome> RunFleetTargets(const std::vector<const FleetTarget*>& targets,
                                           const TargetWork& work, const FleetSchedule& schedule,
                                           const std::atomic<bool>* interrupted,
                                           FleetObserver* observer,
                                           const std::function<void()>& tick) {
  std::vector<TargetOutcome> outcomes(targets.size());
  for (size_t i = 0; i < targets.size(); ++i) outcomes[i].target = targets[i]->name();
  Batch batch(targets, work, schedule, interrupted, observer, &outcomes);
  const size_t parallel = std::max<size_t>(1, schedule.parallel);
  size_t canaries = std::min(schedule.canary, targets.size());
  if (canaries > 0 && !batch.Run(0, canaries, std::min(parallel, canaries), tick)) {
    return outcomes;  // a canary did not finish well: no other target starts
  }
  if (batch.stopped() || canaries == targets.size()) return outcomes;
  batch.Run(canaries, targets.size(), std::min(parallel, targets.size() - canaries), tick);
  return outcomes;
}

}  // namespace rev::cli
