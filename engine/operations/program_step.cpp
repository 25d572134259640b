#include "engine/operations/program_step.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <deque>

#include "engine/process/child_process.h"

namespace rev::engine::operations {
namespace {

namespace fs = std::filesystem;

constexpr size_t kStderrLinesKept = 20;
constexpr auto kGraceAfterTerm = std::chrono::seconds(3);

Status AtMarker(Status status, const revisions::Revision& revision,
                const revisions::RunCommand& command) {
  return std::move(status).At({revision.path(), command.line, 0});
}

// The program's path: a first word with a `/` from the project folder, else from PATH.
Result<fs::path> Resolve(const std::string& word, const fs::path& project_folder,
                         const process::Environment& env) {
  if (word.find('/') == std::string::npos) {
    std::optional<fs::path> found =
        process::FindProgram(word, process::GetVariable(env, "PATH").value_or(""));
    if (found) return *found;
    return Status::Database("no program `" + word + "` on PATH")
        .WithHint("install it, or name the program by its path from the project folder (`./" +
                  word + "`)");
  }
  fs::path path = fs::path(word).is_absolute() ? fs::path(word) : project_folder / word;
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return Status::Database("the program " + word + " does not exist (" + std::strerror(errno) +
                            ")")
        .WithHint("a path in the command is taken from the project folder, " +
                  project_folder.string());
  }
  if (!S_ISREG(info.st_mode) || ::access(path.c_str(), X_OK) != 0) {
    return Status::Database("the program " + word + " is not an executable file")
        .WithHint("make it executable (`chmod +x " + word + "`), or run it through its " +
                  "interpreter (`python3 " + word + "`)");
  }
  return path;
}

process::Environment ProgramEnvironment(const revisions::Revision& revision, Direction direction,
                                        const backends::DatabaseUrl& url) {
  process::Environment env = process::CurrentEnvironment();
  if (url.kind() == backends::DatabaseKind::kSqlite) {
    fs::path file = fs::absolute(url.sqlite_path());
    process::SetVariable(&env, "REV_DATABASE_URL", "sqlite:///" + file.string());
    process::SetVariable(&env, "REV_DATABASE_FILE", file.string());
  } else {
    process::SetVariable(&env, "REV_DATABASE_URL", url.connection_string());
    if (!url.schema().empty()) process::SetVariable(&env, "REV_DATABASE_SCHEMA", url.schema());
  }
  process::SetVariable(&env, "REV_REVISION", revision.id().str());
  process::SetVariable(&env, "REV_DIRECTION", DirectionName(direction));
  return env;
}

std::string Ending(const process::ChildResult& result) {
  if (result.signal != 0) {
    const char* name = sigabbrev_np(result.signal);
    return "was killed by signal " + std::to_string(result.signal) +
           (name != nullptr ? std::string(" (SIG") + name + ")" : std::string());
  }
  return "exited with code " + std::to_string(result.exit_code);
}

}  // namespace

const std::optional<revisions::RunCommand>& ProgramOf(const revisions::Revision& revision,
                                                      Direction direction) {
  return direction == Direction::kUpgrade ? revision.upgrade_run() : revision.downgrade_run();
}

Status RunProgram(const revisions::Revision& revision, Direction direction,
                  const ProgramSettings& settings, const std::atomic<bool>* interrupted,
                  const ProgramLine& on_line) {
  const revisions::RunCommand& command = *ProgramOf(revision, direction);
  if (settings.project_folder.empty() || settings.database == nullptr) {
    return AtMarker(Status::InvalidInput("this command does not run programs; " +
                                         revision.id().str() + " runs `" + command.Text() + "`"),
                    revision, command);
  }
  const backends::DatabaseUrl& url = *settings.database;
  fs::path folder = fs::absolute(settings.project_folder).lexically_normal();
  process::ChildCommand child;
  child.env = ProgramEnvironment(revision, direction, url);
  auto path = Resolve(command.argv.front(), folder, child.env);
  if (!path.ok()) return AtMarker(path.status(), revision, command);
  child.argv = command.argv;
  child.argv.front() = path->string();
  child.working_folder = folder;
  child.interrupt_signal = SIGTERM;
  child.kill_after = kGraceAfterTerm;
  std::deque<std::string> last_lines;
  child.on_line = [&](bool from_stderr, const std::string& line) {
    std::string shown = url.RedactMessage(line);
    if (from_stderr) {
      last_lines.push_back(shown);
      if (last_lines.size() > kStderrLinesKept) last_lines.pop_front();
    }
    if (on_line) on_line(from_stderr, shown);
  };

  Result<process::ChildResult> result = process::RunChild(child, interrupted);
  if (!result.ok()) {
    Status error = result.status().code() == StatusCode::kInterrupted
                       ? Status::Interrupted("interrupted while `" + command.Text() + "` ran")
                       : Status::Database("`" + command.Text() +
                                          "` could not be started: " + result.status().message());
    return AtMarker(std::move(error), revision, command);
  }
  if (result->ok()) return Status::Ok();
  std::string message = "`" + command.Text() + "` " + Ending(*result);
  if (last_lines.empty()) {
    message += " and wrote nothing on stderr";
  } else {
    message += "; the last lines of its stderr:";
    for (const std::string& line : last_lines) message += "\n  " + line;
  }
  return AtMarker(Status::Database(message), revision, command);
}

}  // namespace rev::engine::operations
