#include "engine/operations/journal_observer.h"

#include <algorithm>

#include "engine/backends/history.h"

namespace rev::engine::operations {

JournalingObserver::JournalingObserver(std::filesystem::path journal, JournalEntry entry,
                                       bool per_step, MigrationObserver* next)
    : journal_(std::move(journal)), entry_(std::move(entry)), per_step_(per_step), next_(next) {}

void JournalingObserver::StepStarting(const Step& step, const Revision& revision) {
  if (next_ != nullptr) next_->StepStarting(step, revision);
}

void JournalingObserver::StepFinished(const Step& step, const Revision& revision,
                                      backends::StepStatus status,
                                      std::chrono::milliseconds duration, const Status& error) {
  // Journal first: the step is committed, and the line should not wait for the printing.
  if (per_step_ && status == backends::StepStatus::kApplied && !journal_.empty()) {
    entry_.time = backends::FormatTimestamp(std::chrono::system_clock::now());
    entry_.heads = step.to_heads;
    std::sort(entry_.heads.begin(), entry_.heads.end());
    Status appended = AppendJournal(journal_, entry_);
    if (!appended.ok() && problem_.empty()) problem_ = appended.message();
  }
  if (next_ != nullptr) next_->StepFinished(step, revision, status, duration, error);
}

void JournalingObserver::ProgramOutput(const Step& step, const Revision& revision, bool from_stderr,
                                       const std::string& line) {
  if (next_ != nullptr) next_->ProgramOutput(step, revision, from_stderr, line);
}

}  // namespace rev::engine::operations
