#include "cli/librev/call_sink.h"

#include <exception>

#include "cli/json_text.h"

namespace rev::librev {
namespace {

rev_log_level LevelFor(cli::OutputSink::Level level) {
  switch (level) {
    case cli::OutputSink::Level::kError:
      return REV_LOG_ERROR;
    case cli::OutputSink::Level::kWarning:
      return REV_LOG_WARNING;
    case cli::OutputSink::Level::kInfo:
      break;
  }
  return REV_LOG_INFO;
}

}  // namespace

void CallSink::CallbackThrew(const char* which, const char* what) {
  if (!callback_failure_.empty()) callback_failure_ += "\n";
  callback_failure_ += std::string("the ") + which + " callback threw (" + what +
                       "); it was not called again during this call";
}

template <typename Callback, typename Call>
void CallSink::Invoke(Callback* callback, const char* which, Call call) {
  if (*callback == nullptr) return;
  try {
    call(*callback);
  } catch (const std::exception& error) {
    *callback = nullptr;
    CallbackThrew(which, error.what());
  } catch (...) {
    *callback = nullptr;
    CallbackThrew(which, "an exception");
  }
}

void CallSink::Line(Level level, const std::string& text) {
  if (level == Level::kError) errors_ += (errors_.empty() ? "" : "\n") + text;
  Invoke(&callbacks_.log, "log",
         [&](rev_log_callback log) { log(callbacks_.log_data, LevelFor(level), text.c_str()); });
}

void CallSink::Document(const nlohmann::json& document) { document_ = cli::JsonText(document, -1); }

void CallSink::Step(const cli::StepProgress& progress) {
  rev_step_progress step{progress.revision.c_str(), progress.direction.c_str(),
                         progress.status.c_str(), progress.duration_ms, progress.text.c_str()};
  Invoke(&callbacks_.progress, "progress",
         [&](rev_progress_callback call) { call(callbacks_.progress_data, &step); });
}

}  // namespace rev::librev
