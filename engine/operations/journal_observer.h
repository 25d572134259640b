// Journaling as a run goes (SPEC §5: the journal holds the heads after each step), so that
// a run killed part way leaves the journal at the last step that committed, not at the
// heads from before the run. Used by `rev upgrade`/`downgrade` and by the replay of
// `rev restore`/`rev replay`.
#pragma once

#include <filesystem>
#include <string>

#include "engine/operations/journal.h"
#include "engine/operations/migrator.h"

namespace rev::engine::operations {

// Forwards every event to `next` (may be null) and, after each step that was applied,
// appends `entry` with that step's heads (Step::to_heads) and the time. With
// `per_step` false (--single-transaction: a step heard as applied commits only with the
// whole plan) it only forwards, and the caller journals the end. A journal that cannot be
// written is remembered in problem() and never stops the run.
class JournalingObserver final : public MigrationObserver {
 public:
  // REQUIRES: `next` outlives the observer.
  JournalingObserver(std::filesystem::path journal, JournalEntry entry, bool per_step,
                     MigrationObserver* next);

  void StepStarting(const Step& step, const Revision& revision) override;
  void StepFinished(const Step& step, const Revision& revision, backends::StepStatus status,
                    std::chrono::milliseconds duration, const Status& error) override;
  void ProgramOutput(const Step& step, const Revision& revision, bool from_stderr,
                     const std::string& line) override;

  // The first failure to write the journal ("" when none).
  const std::string& problem() const { return problem_; }

 private:
  std::filesystem::path journal_;
  JournalEntry entry_;
  bool per_step_;
  MigrationObserver* next_;
  std::string problem_;
};

}  // namespace rev::engine::operations
