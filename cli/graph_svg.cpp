#include "cli/graph_svg.h"

#include "engine/process/child_process.h"

namespace rev::cli {

namespace process = engine::process;

Result<std::string> RenderSvg(const std::string& dot_text) {
  process::Environment env = process::CurrentEnvironment();
  std::optional<std::filesystem::path> dot =
      process::FindProgram("dot", process::GetVariable(env, "PATH").value_or(""));
  if (!dot) {
    return Status::InvalidInput("--format svg needs Graphviz's `dot`, which is not on PATH")
        .WithHint(
            "install Graphviz (Debian and Ubuntu: `apt-get install graphviz`), or print DOT here "
            "(`rev graph`, `--format dot`) and draw it where dot is: `rev graph | dot -Tsvg > "
            "graph.svg`");
  }
  process::ChildCommand command;
  command.argv = {dot->string(), "-Tsvg"};
  command.env = std::move(env);
  command.capture_stdout = true;
  command.stdin_text = dot_text;
  REV_ASSIGN_OR_RETURN(process::ChildResult result, process::RunChild(command));
  if (!result.ok()) {
    std::string reason =
        result.err.empty() ? "exit status " + std::to_string(result.exit_code) : result.err;
    while (!reason.empty() && reason.back() == '\n') reason.pop_back();
    return Status::Failed(dot->string() + " could not draw the graph: " + reason)
        .WithHint("`rev graph --format dot` prints what it was given");
  }
  return std::move(result.out);
}

}  // namespace rev::cli
