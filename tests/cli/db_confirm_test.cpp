// Confirmation (SPEC §3) and what a terminal sees: an environment with `confirm: true`
// asks once showing the plan; --yes answers; with no terminal and no --yes the change is
// refused. On a terminal (a pseudo-terminal here) each step gets a progress line.
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>

#include "tests/support/db_project.h"
#include "tests/support/restorable.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using Lines = std::vector<std::string>;

constexpr const char* kEnvironments =
    "environments:\n"
    "  production:\n"
    "    confirm: true\n"
    "  development:\n"
    "    confirm: false\n";

std::vector<RevisionSpec> Chain() {
  return {{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
          {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"}};
}

struct TerminalResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, as the terminal showed them
};

// Runs rev in `project` with a pseudo-terminal as stdin, stdout and stderr; types `answer`
// and Enter once "[y/N]" appears.
TerminalResult RunOnTerminal(const DbProject& project, const Lines& args,
                             const std::string& answer) {
  int master = -1;
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (chdir(project.root().c_str()) != 0) _exit(126);
    setenv("NO_COLOR", "1", 1);
    unsetenv("REV_DATABASE_URL");
    std::string binary = RevBinary();
    std::vector<char*> argv = {binary.data()};
    Lines copy = args;
    for (std::string& arg : copy) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  TerminalResult result;
  bool answered = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd = {master, POLLIN, 0};
    if (poll(&fd, 1, 100) <= 0) continue;
    char buffer[4096];
    ssize_t got = read(master, buffer, sizeof buffer);
    if (got <= 0) break;  // EIO: the child closed the terminal
    result.output.append(buffer, static_cast<size_t>(got));
    if (!answered && result.output.find("[y/N]") != std::string::npos) {
      std::string line = answer + "\n";
      REQUIRE(write(master, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
      answered = true;
    }
  }
  close(master);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

TEST_CASE("confirm: true without a terminal refuses, --yes proceeds", "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, kEnvironments);
  p.Write(Chain());
  auto refused = p.Rev({"upgrade", "-e", "production"});
  REV_REQUIRE_EXIT(refused, 2);
  CHECK_THAT(refused.err,
             Contains("confirmation") && Contains("--yes") && Contains("nothing was changed"));
  CHECK_FALSE(p.HasTable("t1"));
  CHECK(p.Heads().empty());
  if (p.db().is_sqlite()) CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));

  auto confirmed = p.Rev({"upgrade", "-e", "production", "--yes"});
  REV_REQUIRE_EXIT(confirmed, 0);
  CHECK(p.Heads() == Lines{"b"});
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1", "-e", "production"}), 2);
  REV_CHECK_EXIT(p.Rev({"stamp", "a", "-e", "production"}), 2);
  CHECK(p.Heads() == Lines{"b"});
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1", "-e", "production", "-y"}), 0);
  CHECK(p.Heads() == Lines{"a"});
  // Nothing to do needs no confirmation; neither does an environment without confirm.
  REV_CHECK_EXIT(p.Rev({"upgrade", "a", "-e", "production"}), 0);
  REV_CHECK_EXIT(p.Rev({"upgrade", "-e", "development"}), 0);
  CHECK(p.Heads() == Lines{"b"});
}

TEST_CASE("on a terminal the plan is shown and the answer decides", "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, kEnvironments);
  p.Write(Chain());
  auto no = RunOnTerminal(p, {"upgrade", "-e", "production"}, "n");
  INFO(no.output);
  CHECK(no.exit_code == 1);
  CHECK_THAT(no.output, Contains("Environment 'production'") &&
                            Contains("upgrade <base> -> a, revision a") &&
                            Contains("upgrade a -> b, revision b") && Contains("[y/N]") &&
                            Contains("not confirmed; nothing was changed"));
  CHECK(p.Heads().empty());

  auto yes = RunOnTerminal(p, {"upgrade", "-e", "production"}, "yes");
  INFO(yes.output);
  CHECK(yes.exit_code == 0);
  // One progress line per step, redrawn with its mark and duration.
  CHECK_THAT(yes.output, Contains("\u2713 upgrade <base> -> a, revision a (") &&
                             Contains("\u2713 upgrade a -> b, revision b (") &&
                             Contains("Applied 2 steps"));
  CHECK(p.Heads() == Lines{"b"});
}

TEST_CASE("repair always asks, on a terminal too", "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(Chain());
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  WriteFile(p.FileOf("a"), ReadFile(p.FileOf("a")) + "-- edited\n");
  auto no = RunOnTerminal(p, {"repair"}, "");
  INFO(no.output);
  CHECK(no.exit_code == 1);
  CHECK_THAT(no.output, Contains("re-sign the checksum of a"));
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 4);
  auto yes = RunOnTerminal(p, {"repair"}, "y");
  INFO(yes.output);
  CHECK(yes.exit_code == 0);
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 0);
}

TEST_CASE("restore's confirmation says rows written after the backup will be lost",
          "[cli][db][confirm][restore]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  std::string manifest = ReadFile(r.p.root() / (r.backup + ".yaml"));
  size_t at = manifest.find("created_at: ");
  REQUIRE(at != std::string::npos);
  std::string created_at = manifest.substr(at + 12, manifest.find('\n', at) - at - 12);
  REQUIRE(created_at.size() == 24);  // 2026-11-22T10:04:00.123Z

  auto no = RunOnTerminal(r.p, {"restore", r.backup}, "n");
  INFO(no.output);
  CHECK(no.exit_code == 1);
  CHECK_THAT(no.output, Contains("\u26a0 Rows written to the database after the backup was "
                                 "taken (" +
                                 created_at + ") will be lost") &&
                            Contains("Restore ") && Contains("[y/N]") &&
                            Contains("not confirmed; nothing was changed"));
  // The warning comes with the question, just before it.
  CHECK(no.output.find("will be lost") < no.output.find("[y/N]"));
  r.CheckUntouched();

  // A replay after a restore made by other means restores nothing: no such warning.
  RestoreByHand(r);
  auto replay = RunOnTerminal(r.p, {"replay", r.backup}, "n");
  INFO(replay.output);
  CHECK(replay.exit_code == 1);
  CHECK_THAT(replay.output, Contains("[y/N]") && !Contains("will be lost"));
}

TEST_CASE("a failing step on a terminal is marked and the error names the file",
          "[cli][db][confirm]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(Chain());
  p.Write({{"c", {"b"}, "SELECT * FROM no_such_table;", ""}});
  auto result = RunOnTerminal(p, {"upgrade"}, "");
  INFO(result.output);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output,
             Contains("\u2713 upgrade a -> b") && Contains("\u2717 upgrade b -> c, revision c") &&
                 Contains("rev: error: revisions/c_test.sql:") && Contains("2 of 3 steps applied"));
}

}  // namespace
}  // namespace rev::testing
