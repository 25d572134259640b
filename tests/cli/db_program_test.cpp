// Revisions whose sections run a program (`-- rev:upgrade-run: COMMAND`), through the built
// binary on every kind of database under test: the program runs inside the plan with the
// database URL in its environment, its output streamed; a failing one stops the run and
// leaves the record a failed non-transactional step leaves; its script is checksummed.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <sstream>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

// scripts/fill.py: on upgrade, inserts three rows into `items` through the database's own
// client (a second connection to what rev has open), and writes what it was given to
// seen.txt; on downgrade, deletes them.
constexpr const char* kFillProgram = R"py(import os, sqlite3, subprocess, sys
url = os.environ["REV_DATABASE_URL"]
direction = os.environ["REV_DIRECTION"]
cmdline = open("/proc/self/cmdline", "rb").read().decode()
with open("seen.txt", "w") as seen:
    seen.write("revision=" + os.environ["REV_REVISION"] + "\n")
    seen.write("direction=" + direction + "\n")
    seen.write("cwd=" + os.getcwd() + "\n")
    seen.write("file=" + os.environ.get("REV_DATABASE_FILE", "") + "\n")
    seen.write("url=" + url + "\n")
    seen.write("cmdline-has-url=" + str(url in cmdline) + "\n")
sql = ("INSERT INTO items (x) VALUES (1), (2), (3)" if direction == "upgrade"
       else "DELETE FROM items")
if "REV_DATABASE_FILE" in os.environ:
    db = sqlite3.connect(os.environ["REV_DATABASE_FILE"], timeout=2)
    db.execute(sql)
    db.commit()
    db.close()
else:
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql, url], check=True)
print("filled 3 rows" if direction == "upgrade" else "emptied items", flush=True)
print("a note on stderr", file=sys.stderr, flush=True)
)py";

// b's file: its sections are `upgrade_command` and `downgrade_command`; the upgrade marker is
// at line 4.
std::string ProgramRevision(const std::string& upgrade_command,
                            const std::string& downgrade_command = "python3 scripts/fill.py") {
  return "-- revision: b\n-- down_revision: a\n-- message: fill items\n"
         "-- rev:upgrade-run: " +
         upgrade_command +
         "\n-- a comment is allowed here\n\n-- rev:downgrade-run: " + downgrade_command + "\n";
}

// a (SQL: items), b (runs `command`), c (SQL: after_c).
void WriteChain(DbProject& p, const std::string& command,
                const std::string& program = kFillProgram) {
  fs::create_directories(p.root() / "scripts");
  WriteFile(p.root() / "scripts" / "fill.py", program);
  p.Write({{"a", {}, "CREATE TABLE items (x INTEGER);", "DROP TABLE items;"}});
  p.WriteRaw("b_fill_items.sql", ProgramRevision(command));
  p.Write({{"c", {"b"}, "CREATE TABLE after_c (x INTEGER);", "DROP TABLE after_c;"}});
}

std::string ReadText(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool HistoryHas(DbProject& p, const std::string& line) {
  Lines history = p.History();
  return std::find(history.begin(), history.end(), line) != history.end();
}

TEST_CASE("A revision that runs a program upgrades and downgrades between SQL revisions",
          "[cli][db][program]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteChain(p, "python3 scripts/fill.py");

  auto upgraded = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(upgraded, 0);
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.Query("SELECT count(*) FROM items") == Lines{"3"});
  CHECK(p.HasTable("after_c"));
  CHECK(HistoryHas(p, "b upgrade applied"));
  // Its output, streamed on stderr; stdout keeps rev's own lines.
  CHECK_THAT(upgraded.err, Contains("  | filled 3 rows\n") && Contains("  | a note on stderr\n"));
  CHECK_THAT(upgraded.out, !Contains("filled 3 rows"));

  // What it was given: its revision, direction, the project folder, the full URL in its
  // environment and never on its command line.
  std::string seen = ReadText(p.root() / "seen.txt");
  CHECK_THAT(seen, Contains("revision=b\n") && Contains("direction=upgrade\n"));
  CHECK_THAT(seen, Contains("cwd=" + fs::canonical(p.root()).string() + "\n"));
  CHECK_THAT(seen, Contains("cmdline-has-url=False\n"));
  if (p.db().is_sqlite()) {
    std::string file = fs::absolute(p.db().sqlite_file()).string();
    CHECK_THAT(seen, Contains("file=" + file + "\n") && Contains("url=sqlite:///" + file + "\n"));
  } else {
    const std::string& password = p.db().url().password();
    REQUIRE_FALSE(password.empty());  // the test server's URL carries one
    CHECK_THAT(seen, Contains("url=" + p.db().url().connection_string() + "\n"));
    CHECK_THAT(seen, Contains(password));
    CHECK_THAT(upgraded.out + upgraded.err, !Contains(password));
  }

  auto shown = p.Rev({"show", "b"});
  REV_CHECK_EXIT(shown, 0);
  CHECK_THAT(shown.out, Contains("Upgrade runs: python3 scripts/fill.py"));

  auto downgraded = p.Rev({"downgrade", "a"});
  REV_REQUIRE_EXIT(downgraded, 0);
  CHECK_THAT(downgraded.err, Contains("  | emptied items\n"));
  CHECK(p.Heads() == Lines{"a"});
  CHECK(p.Query("SELECT count(*) FROM items") == Lines{"0"});
  CHECK_FALSE(p.HasTable("after_c"));
  CHECK(HistoryHas(p, "b downgrade applied"));
  CHECK_THAT(ReadText(p.root() / "seen.txt"), Contains("direction=downgrade\n"));
}

TEST_CASE("A failing program stops the run at the last good revision", "[cli][db][program]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteChain(p, "python3 scripts/fill.py",
             "import sys\n"
             "print('working', flush=True)\n"
             "for i in range(1, 31):\n"
             "    print('err line %02d' % i, file=sys.stderr)\n"
             "sys.exit(3)\n");
  auto failed = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(failed, 1);
  CHECK_THAT(failed.err, Contains("revisions/b_fill_items.sql:4"));
  CHECK_THAT(failed.err, Contains("`python3 scripts/fill.py` exited with code 3"));
  // The error holds the last 20 lines of its stderr (the streamed ones start with "| ").
  CHECK_THAT(failed.err, Contains("\n  err line 11\n") && Contains("\n  err line 30"));
  CHECK_THAT(failed.err, !Contains("\n  err line 10\n"));
  CHECK_THAT(failed.err, Contains("  | working\n") && Contains("  | err line 01\n"));
  // Nothing after it ran; it is recorded as a failed non-transactional step: dirty.
  CHECK(p.Heads() == Lines{"a"});
  CHECK_FALSE(p.HasTable("after_c"));
  CHECK(HistoryHas(p, "b upgrade failed"));
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["dirty"]["revision"] == "b");
  REV_CHECK_EXIT(p.Rev({"upgrade"}), 4);
}

TEST_CASE("A program that is missing, not executable or killed fails its step",
          "[cli][db][program]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  struct Case {
    std::string command;
    std::string says;
  };
  WriteFile(p.root() / "plain.sh", "#!/bin/sh\nexit 0\n");
  ::chmod((p.root() / "plain.sh").c_str(), 0644);
  auto which = GENERATE(values<Case>(
      {{"./no_such_script.sh", "the program ./no_such_script.sh does not exist"},
       {"./plain.sh", "the program ./plain.sh is not an executable file"},
       {"no-such-program-on-path --flag", "no program `no-such-program-on-path` on PATH"},
       {"python3 -c 'import os; os.kill(os.getpid(), 9)'", "was killed by signal 9 (SIGKILL)"},
       {"python3 -c 'import sys; sys.exit(7)'",
        "exited with code 7 and wrote nothing on stderr"}}));
  INFO("command: " << which.command);
  WriteChain(p, which.command);
  auto failed = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(failed, 1);
  CHECK_THAT(failed.err, Contains("revisions/b_fill_items.sql:4") && Contains(which.says));
  CHECK(p.Heads() == Lines{"a"});
  CHECK_FALSE(p.HasTable("after_c"));
  CHECK(HistoryHas(p, "b upgrade failed"));
}

TEST_CASE("Editing an applied revision's program is drift", "[cli][db][program]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  WriteChain(p, "python3 scripts/fill.py");
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "--json"}), 0);
  // Twice: the second run may take the folder from the scan cache.
  for (int run = 0; run < 2; ++run) {
    auto status = JsonOf(p.Rev({"status", "--json"}));
    CHECK(status["drift"] == nlohmann::json::array());
  }
  WriteFile(p.root() / "scripts" / "fill.py", std::string(kFillProgram) + "# changed\n");
  auto status = JsonOf(p.Rev({"status", "--json"}));
  REQUIRE(status["drift"].size() == 1);
  CHECK(status["drift"][0]["revision"] == "b");
  CHECK(status["drift"][0]["state"] == "changed");
}

TEST_CASE("In JSON mode a program's output goes to stderr only", "[cli][db][program]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  WriteChain(p, "python3 scripts/fill.py");
  auto upgraded = p.Rev({"upgrade", "--json"});
  REV_REQUIRE_EXIT(upgraded, 0);
  auto document = JsonOf(upgraded);  // stdout is one document
  CHECK(document.is_object());
  CHECK_THAT(upgraded.err, Contains("  | filled 3 rows\n"));
}

TEST_CASE("Offline SQL names the program a step runs", "[cli][program]") {
  Project p;
  p.Write({{"a", {}, "CREATE TABLE items (x INTEGER);", "DROP TABLE items;"}});
  p.WriteRaw("b_fill_items.sql", ProgramRevision("python3 'scripts/fill it.py'"));
  auto sql = p.Rev({"upgrade", "--sql"});
  REV_REQUIRE_EXIT(sql, 0);
  CHECK_THAT(sql.out, Contains("-- rev: runs program: python3 'scripts/fill it.py' (not part of "
                               "this SQL; run it from the project folder with REV_DATABASE_URL "
                               "set)"));
  CHECK_THAT(sql.out, Contains("CREATE TABLE items"));
  CHECK_THAT(sql.out, Contains("UPDATE rev_version SET version_num = 'b'"));
}

TEST_CASE("Ctrl-C while a program runs ends it and leaves the step recorded",
          "[cli][db][program]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  WriteChain(p, "python3 scripts/fill.py",
             "import signal, sys, time\n"
             "def stop(number, frame):\n"
             "    open('got-sigterm', 'w').close()\n"
             "    sys.exit(1)\n"
             "signal.signal(signal.SIGTERM, stop)\n"
             "print('started', flush=True)\n"
             "time.sleep(60)\n");
  auto run = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return run->ErrSoFar().find("  | started") != std::string::npos; }));
  run->Signal(SIGINT);
  auto result = run->Wait(30);
  REV_CHECK_EXIT(result, 130);
  CHECK(fs::exists(p.root() / "got-sigterm"));
  CHECK(p.Heads() == Lines{"a"});
  CHECK(HistoryHas(p, "b upgrade failed"));
  CHECK_FALSE(p.HasTable("after_c"));
}

}  // namespace
}  // namespace rev::testing
