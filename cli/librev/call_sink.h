// CallSink: the OutputSink of one librev call. It keeps the JSON document and the error
// lines for rev_result() and rev_error(), and passes lines and steps on to the handle's
// callbacks. A callback that throws is caught here (nothing crosses the C ABI), is not
// called again during the call, and what it threw is kept for rev_error().
#pragma once

#include <string>

#include "cli/librev/rev.h"
#include "cli/output_sink.h"

namespace rev::librev {

struct Callbacks {
  rev_log_callback log = nullptr;
  void* log_data = nullptr;
  rev_progress_callback progress = nullptr;
  void* progress_data = nullptr;
};

class CallSink final : public cli::OutputSink {
 public:
  explicit CallSink(Callbacks callbacks) : callbacks_(callbacks) {}

  void Line(Level level, const std::string& text) override;
  void Document(const nlohmann::json& document) override;
  void Step(const cli::StepProgress& progress) override;

  // The document, as `--json` prints it ("" when the command printed none).
  const std::string& document() const { return document_; }
  // The error lines ("rev: error: ..." and "  hint: ..."), one per line.
  const std::string& errors() const { return errors_; }
  // "the log callback threw: ..." when one did, else "".
  const std::string& callback_failure() const { return callback_failure_; }

 private:
  // Calls `call(*callback)` unless the callback is unset; if it throws, unsets it.
  template <typename Callback, typename Call>
  void Invoke(Callback* callback, const char* which, Call call);
  void CallbackThrew(const char* which, const char* what);

  Callbacks callbacks_;
  std::string document_;
  std::string errors_;
  std::string callback_failure_;
};

}  // namespace rev::librev
