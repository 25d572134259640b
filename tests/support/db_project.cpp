#include "tests/support/db_project.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/exit_checks.h"

namespace rev::testing {

std::vector<RevisionSpec> ThreeTableChain() {
  return {{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
          {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"},
          {"c", {"b"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}};
}
namespace {

using engine::backends::DatabaseKind;

[[noreturn]] void ExecInChild(const std::vector<std::string>& argv, const ProcessOptions& options,
                              const std::filesystem::path& out, const std::filesystem::path& err) {
  int in_fd = open("/dev/null", O_RDONLY);
  int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(126);
  for (const auto& [name, value] : options.env) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execvp(args[0], args.data());
  _exit(127);
}

}  // namespace

// --- DbProject -----------------------------------------------------------------------

DbProject::DbProject(DatabaseKind kind, const std::string& extra_yaml) : db_(kind) {
  WriteFile(root() / "rev.yaml",
            "revisions: revisions\ndatabase: \"" + db_.url_text() + "\"\n" + extra_yaml);
  std::filesystem::create_directories(revisions_dir());
}

void DbProject::Write(const std::vector<RevisionSpec>& specs) {
  for (const RevisionSpec& spec : specs) WriteRevision(root(), spec, written_++);
}

std::filesystem::path DbProject::FileOf(const std::string& id) const {
  return revisions_dir() / (id + "_test.sql");
}

ProcessOptions DbProject::Options(ProcessOptions options) const {
  if (options.cwd.empty()) options.cwd = root();
  options.env.emplace("NO_COLOR", "1");
  options.env.emplace("REV_DATABASE_URL", std::nullopt);
  return options;
}

ProcessResult DbProject::Rev(const std::vector<std::string>& args, ProcessOptions options) const {
  return RunRev(args, Options(std::move(options)));
}

std::vector<std::string> DbProject::Query(const std::string& sql) const {
  if (!db_.is_sqlite()) return db_.Query(sql);
  // The sqlite3 shell gives up at once on a database another process is writing; rev's
  // own transactions are short, so wait for them as rev would.
  ProcessResult result =
      RunProcess({"sqlite3", "-readonly", "-batch", "-bail", "-noheader", "-list", "-cmd",
                  ".timeout 10000", db_.sqlite_file().string(), sql});
  INFO(sql);
  REV_REQUIRE_EXIT(result, 0);
  std::vector<std::string> lines;
  std::istringstream in(result.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool DbProject::HasTable(const std::string& name) const {
  if (!db_.is_sqlite()) return db_.HasTable(name);
  if (!std::filesystem::exists(db_.sqlite_file())) return false;
  return Query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
               "'") == std::vector<std::string>{"1"};
}

std::vector<std::string> DbProject::Heads(const std::string& version_table) const {
  if (!HasTable(version_table)) return {};
  return Query("SELECT version_num FROM " + version_table + " ORDER BY version_num");
}

std::vector<std::string> DbProject::History() const {
  if (!HasTable("rev_history")) return {};
  return Query(
      "SELECT COALESCE(revision, '') || ' ' || direction || ' ' || status FROM rev_history "
      "ORDER BY id");
}

// --- BackgroundProcess -----------------------------------------------------------------

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const ProcessOptions& options) {
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) ExecInChild(argv, options, dir_ / "out", dir_ / "err");
}

BackgroundProcess::~BackgroundProcess() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
    }
  }
}

void BackgroundProcess::Signal(int signal_number) const { kill(pid_, signal_number); }

bool BackgroundProcess::Running() {
  if (reaped_) return false;
  pid_t done = waitpid(pid_, &status_, WNOHANG);
  if (done == pid_) reaped_ = true;
  return !reaped_;
}

ProcessResult BackgroundProcess::Wait(int timeout_seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (Running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
      }
      reaped_ = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ProcessResult result;
  result.exit_code = WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
  result.out = ReadFile(dir_ / "out");
  result.err = ReadFile(dir_ / "err");
  return result;
}

std::unique_ptr<BackgroundProcess> StartRev(const DbProject& project,
                                            const std::vector<std::string>& args) {
  std::vector<std::string> argv = {RevBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<BackgroundProcess>(argv, project.Options());
}

// --- waiting and the rest ---------------------------------------------------------------

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

std::string LongStatement(DatabaseKind kind, int postgres_seconds) {
  if (kind == DatabaseKind::kSqlite) {
    return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 300000000) "
           "SELECT count(*) FROM c;";
  }
  return "SELECT pg_sleep(" + std::to_string(postgres_seconds) + ");";
}

bool LongStepRunning(DbProject& project) {
  if (project.db().is_sqlite()) {
    std::filesystem::path journal = project.db().sqlite_file().string() + "-journal";
    if (!std::filesystem::exists(journal)) return false;
    // rev's own short transactions have a journal too, for a few milliseconds.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return std::filesystem::exists(journal);
  }
  return project.db().Query(
             "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
             "pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%pg_sleep%'") ==
         std::vector<std::string>{"1"};
}

void MakeUnreadable(DbProject& project) {
  if (project.db().is_sqlite()) {
    WriteFile(project.db().sqlite_file(), std::string(4096, 'x'));
    return;
  }
  project.db().Execute("DROP TABLE rev_version; CREATE TABLE rev_version (damaged TEXT)");
}

}  // namespace rev::testing
