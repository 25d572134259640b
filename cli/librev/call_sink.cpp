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

void CallSink::Line(Level level, const std::string& text) {
  if (level == Level::kError) errors_ += (errors_.empty() ? "" : "\n") + text;
  if (callbacks_.log == nullptr) return;
  try {
    callbacks_.log(callbacks_.log_data, LevelFor(level), text.c_str());
  } catch (const std::exception& error) {
    callbacks_.log = nullptr;
    CallbackThrew("log", error.what());
  } catch (...) {
    callbacks_.log = nullptr;
    CallbackThrew("log", "an exception");
  }
}

void CallSink::Document(const nlohmann::json& document) { document_ = cli::JsonText(document, -1); }

void CallSink::Step(const cli::StepProgress& progress) {
  if (callbacks_.progress == nullptr) return;
  rev_step_progress step{progress.revision.c_str(), progress.direction.c_str(),
                         progress.status.c_str(), progress.duration_ms, progress.text.c_str()};
  try {
    callbacks_.progress(callbacks_.progress_data, &step);
  } catch (const std::exception& error) {
    callbacks_.progress = nullptr;
    CallbackThrew("progress", error.what());
  } catch (...) {
    callbacks_.progress = nullptr;
    CallbackThrew("progress", "an exception");
  }
}

}  // namespace rev::librev
