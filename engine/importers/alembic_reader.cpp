// ReadAlembic: runs alembic_offline.py (embedded, alembic_script.h) once for the whole
// project with the user's Python, and turns the JSON it prints into an ImportedProject.
// Everything Alembic can say goes wrong becomes kInvalidInput here, located at the file.
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/importers/alembic_script.h"
#include "engine/importers/readers.h"
#include "engine/process/child_process.h"

namespace rev::engine::importers {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr size_t kTailLines = 15;
constexpr size_t kTailChars = 2000;
constexpr const char* kInstallHint =
    "install Alembic for that Python (Debian: `apt install python3-alembic`), or name a "
    "Python that has it with --python PATH";

// The last lines of what Python wrote on stderr: the end of a traceback says what failed.
std::string Tail(const std::string& text) {
  size_t end = text.find_last_not_of(" \r\n");
  if (end == std::string::npos) return "";
  size_t start = end + 1;
  for (size_t lines = 0; lines < kTailLines && start > 0; ++lines) {
    size_t newline = text.rfind('\n', start - 1);
    start = newline == std::string::npos ? 0 : newline;
  }
  std::string tail = text.substr(start, end + 1 - start);
  if (!tail.empty() && tail.front() == '\n') tail.erase(0, 1);
  if (tail.size() > kTailChars) tail = "..." + tail.substr(tail.size() - kTailChars);
  return tail;
}

std::string Text(const Json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : "";
}

int Line(const Json& object) {
  auto found = object.find("line");
  return found != object.end() && found->is_number_integer() ? found->get<int>() : 0;
}

std::vector<std::string> Texts(const Json& object, const char* key) {
  std::vector<std::string> texts;
  auto found = object.find(key);
  if (found == object.end() || !found->is_array()) return texts;
  for (const Json& item : *found) {
    if (item.is_string()) texts.push_back(item.get<std::string>());
  }
  return texts;
}

// Alembic separates statements by a blank line; a script ends with one newline.
std::string Tidied(std::string sql) {
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ' || sql.back() == '\r')) {
    sql.pop_back();
  }
  if (!sql.empty()) sql.push_back('\n');
  return sql;
}

SourceLocation Where(const fs::path& project, const Json& object) {
  std::string file = Text(object, "file");
  if (file.empty()) return {project.string(), 0, 0};
  return {(project / file).string(), Line(object), 0};
}

Result<fs::path> FindPython(const std::string& python, const process::Environment& env) {
  if (python.find('/') != std::string::npos) {
    if (::access(python.c_str(), X_OK) == 0) return fs::path(python);
    return Status::InvalidInput("the Python '" + python + "' does not exist or cannot be run")
        .WithHint("name an installed Python 3 with --python PATH");
  }
  std::string path_variable = process::GetVariable(env, "PATH").value_or("/usr/bin:/bin");
  if (std::optional<fs::path> found = process::FindProgram(python, path_variable)) return *found;
  return Status::InvalidInput("'" + python + "' is not on PATH: rev runs Alembic with it")
      .WithHint(
          std::string("install Python 3 and Alembic (Debian: `apt install python3-alembic`), ") +
          "or name a Python that has Alembic with --python PATH");
}

// "versions/ab12_x.py:14: ab12 (upgrade): AttributeError: ..." per revision that failed.
Status OfflineFailures(const fs::path& project, const Json& error) {
  const Json& failures = error.contains("failures") ? error["failures"] : Json::array();
  std::string lines;
  std::optional<SourceLocation> first;
  for (const Json& failure : failures) {
    SourceLocation location = Where(project, failure);
    if (!first) first = location;
    lines += "\n  " + location.ToString() + ": " + Text(failure, "revision") + " (" +
             Text(failure, "direction") + "): " + Text(failure, "message");
  }
  Status status = Status::InvalidInput(
      "Alembic cannot produce the offline SQL of " + std::to_string(failures.size()) +
      (failures.size() == 1 ? " revision" : " revisions") + "; rev does not guess it:" + lines);
  if (first) status.At(*first);
  return std::move(status).WithHint(
      "each of these must give its SQL with `alembic upgrade REV --sql` (offline, "
      "op.get_bind() has no database to read): write the change with op.execute() or "
      "op.* operations, then import again");
}

Status ErrorFrom(const fs::path& project, const fs::path& python, const Json& error,
                 const std::string& err) {
  const std::string kind = Text(error, "kind");
  const std::string message = Text(error, "message");
  if (kind == "no-alembic") {
    return Status::InvalidInput(python.string() + " cannot import Alembic: " + message)
        .WithHint(kInstallHint);
  }
  if (kind == "config") {
    return Status::InvalidInput("Alembic cannot read the project's configuration: " + message)
        .At(Where(project, error))
        .WithHint(
            "alembic.ini's script_location must name the folder holding env.py and "
            "versions/; `alembic history` shows the same error");
  }
  if (kind == "scripts") {
    return Status::InvalidInput("Alembic cannot load the revisions: " + message)
        .At(Where(project, error))
        .WithHint("fix that revision file; `alembic history` shows the same error");
  }
  if (kind == "offline") return OfflineFailures(project, error);
  // env.py's traceback from its own frames down; for a failure of rev's script itself
  // (kind "python"), the end of all Python wrote.
  std::string detail = Tail(kind == "env" ? Text(error, "detail") : err);
  std::string text = kind == "env" ? "env.py failed in Alembic's offline mode:" : "Alembic failed:";
  text += detail.empty() ? " " + message : "\n" + detail;
  Status status = Status::InvalidInput(std::move(text));
  if (!Text(error, "file").empty()) status.At(Where(project, error));
  return std::move(status).WithHint("`alembic upgrade heads --sql` in " + project.string() +
                                    " shows the same error; rev runs env.py as it does");
}

ImportedMigration MigrationFrom(const fs::path& project, const Json& entry) {
  ImportedMigration migration;
  migration.key = Text(entry, "revision");
  migration.down_revisions = Texts(entry, "down_revisions");
  migration.branch_labels = Texts(entry, "branch_labels");
  migration.depends_on = Texts(entry, "depends_on");
  migration.message = Text(entry, "message");
  migration.created_at = Text(entry, "created_at");
  migration.upgrade_sql = Tidied(Text(entry, "upgrade_sql"));
  auto downgrade = entry.find("downgrade_sql");
  if (downgrade != entry.end() && downgrade->is_string()) {
    migration.downgrade_sql = Tidied(downgrade->get<std::string>());
  }
  auto autocommit = entry.find("autocommit");
  if (autocommit != entry.end() && autocommit->is_boolean() && autocommit->get<bool>()) {
    migration.transactional = false;
  }
  migration.source = {(project / Text(entry, "file")).string(), 1, 0};
  return migration;
}

Result<process::ChildResult> RunScript(const fs::path& python, const fs::path& path,
                                       const ReadOptions& options) {
  process::Environment env = process::CurrentEnvironment();
  // The project's files are only read: no __pycache__ written beside its revisions.
  process::SetVariable(&env, "PYTHONDONTWRITEBYTECODE", "1");
  process::SetVariable(&env, "PYTHONIOENCODING", "utf-8");
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  process::ChildCommand command{{python.string(), "-", absolute.string()}, env, {}, true, {}};
  command.stdin_text = std::string(AlembicOfflineScript());
  Result<process::ChildResult> result = process::RunChild(command, options.interrupted);
  if (!result.ok() && result.status().code() != StatusCode::kInterrupted) {
    return Status::InvalidInput("cannot run " + python.string() + ": " + result.status().message())
        .WithHint(kInstallHint);
  }
  return result;
}

}  // namespace

Result<ImportedProject> ReadAlembic(const fs::path& path, const ReadOptions& options) {
  std::error_code error;
  if (!fs::is_regular_file(path / "alembic.ini", error)) {
    return Status::InvalidInput("'" + path.string() +
                                "' is not an Alembic project: it has no alembic.ini")
        .At({path.string(), 0, 0})
        .WithHint(
            "give the folder where `alembic init` was run, the one holding alembic.ini: "
            "rev import alembic PATH");
  }
  REV_ASSIGN_OR_RETURN(fs::path python, FindPython(options.python, process::CurrentEnvironment()));
  REV_ASSIGN_OR_RETURN(process::ChildResult run, RunScript(python, path, options));
  Json output = Json::parse(run.out, nullptr, /*allow_exceptions=*/false);
  if (!run.ok() || !output.is_object()) {
    return Status::InvalidInput("Alembic could not read " + path.string() + ": " + python.string() +
                                " exited with status " + std::to_string(run.exit_code) + ":\n" +
                                Tail(run.err))
        .WithHint(kInstallHint);
  }
  if (output.contains("error")) return ErrorFrom(path, python, output["error"], run.err);
  ImportedProject project;
  project.tool = SourceTool::kAlembic;
  project.chained = false;
  project.position_table = Text(output, "version_table");
  if (output.contains("revisions") && output["revisions"].is_array()) {
    for (const Json& entry : output["revisions"]) {
      project.migrations.push_back(MigrationFrom(path, entry));
    }
  }
  return project;
}

}  // namespace rev::engine::importers
