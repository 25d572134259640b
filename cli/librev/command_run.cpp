#include "cli/librev/command_run.h"

#include "cli/run.h"

namespace rev::librev {

int RunCommand(ProjectState& state, const std::vector<std::string>& args) {
  // --name=value: a value that starts with "-" stays a value.
  std::vector<std::string> line = {"rev", "--json", "--config=" + state.config};
  if (state.database) line.push_back("--database=" + *state.database);
  if (state.environment) line.push_back("--env=" + *state.environment);
  line.insert(line.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  argv.reserve(line.size());
  for (const std::string& word : line) argv.push_back(word.c_str());

  CallSink sink(state.callbacks);
  int code = cli::RunCommandLine(static_cast<int>(argv.size()), argv.data(), {&sink, {}});
  state.result = sink.document();
  state.error = sink.errors();
  if (!sink.callback_failure().empty()) {
    state.error += (state.error.empty() ? "" : "\n") + sink.callback_failure();
  }
  return code;
}

nlohmann::json ResultDocument(const ProjectState& state) {
  return nlohmann::json::parse(state.result, nullptr, /*allow_exceptions=*/false);
}

std::string FirstErrorCode(const nlohmann::json& document) {
  if (!document.is_object()) return "";
  auto error = document.find("error");
  if (error != document.end() && error->is_object()) return error->value("code", "");
  auto errors = document.find("errors");
  if (errors != document.end() && errors->is_array() && !errors->empty() &&
      (*errors)[0].is_object()) {
    return (*errors)[0].value("code", "");
  }
  return "";
}

}  // namespace rev::librev
