// PostgreSQL's side of backups: pg_dump and pg_restore never see the password on their
// command line, missing client programs are named, and a restore that fails part way
// leaves the database as it was (the schemas it dropped come back).
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <thread>

#include "engine/backends/postgres_backup.h"
#include "tests/support/backup_fixtures.h"
#include "tests/support/postgres_server.h"
#include "tests/support/run_process.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
namespace fs = std::filesystem;

// The command lines of this process's children, as /proc shows them to every user.
std::vector<std::string> ChildCommandLines() {
  std::vector<std::string> lines;
  std::string self = std::to_string(::getpid());
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = ReadFile(entry.path() / "stat");
    size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    std::string state, parent;
    fields >> state >> parent;
    if (parent != self) continue;
    std::string cmdline = ReadFile(entry.path() / "cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (!cmdline.empty()) lines.push_back(cmdline);
  }
  return lines;
}

TEST_CASE("pg_dump and pg_restore run without the password on their command lines") {
  if (!PostgresUnderTest()) return;
  ChainAt c(DatabaseKind::kPostgres, "c");
  TestDatabase& db = c.db;
  AddItems(db, 1, 200);

  std::atomic<bool> done{false};
  std::vector<std::string> seen;
  std::thread watcher([&] {
    while (!done.load()) {
      for (std::string& line : ChildCommandLines()) seen.push_back(std::move(line));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  fs::path backup = BackupOf(db).file;
  auto job = c.PrepareRestore(backup);
  Require(job.status());
  Require((*job)->Run(nullptr, nullptr));
  job->reset();
  done.store(true);
  watcher.join();

  const std::string password = db.url().password();
  bool saw_dump = false;
  for (const std::string& line : seen) {
    INFO(line);
    saw_dump = saw_dump || line.find("pg_dump") != std::string::npos;
    if (!password.empty()) CHECK(line.find(password) == std::string::npos);
    CHECK(line.find("password=") == std::string::npos);
  }
  CHECK(saw_dump);
}

TEST_CASE("Missing client programs are named, with how to install them") {
  engine::process::Environment env = {"PATH=/nonexistent"};
  auto found = engine::backends::FindPgProgram("pg_dump", env);
  REQUIRE_FALSE(found.ok());
  CHECK(found.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(found.status().message(), Catch::Contains("pg_dump is not on PATH"));
  CHECK_THAT(found.status().hint(), Catch::Contains("postgresql-client"));
}

TEST_CASE("A PostgreSQL restore that fails part way leaves the database as it was") {
  if (!PostgresUnderTest()) return;
  ChainAt c(DatabaseKind::kPostgres, "b");
  TestDatabase& db = c.db;
  AddItems(db, 1, 5);
  // A table owned by a role that is gone by the time of the restore: its ALTER ... OWNER
  // fails after the schemas were dropped and half the tables re-created.
  std::string role = "rev_gone_" + std::to_string(::getpid());
  db.Execute("CREATE ROLE " + role +
             "; CREATE TABLE owned (x INTEGER); ALTER TABLE owned OWNER TO " + role);
  fs::path backup = BackupOf(db).file;
  db.Execute("DROP TABLE owned; DROP ROLE " + role);
  Upgrade(db, *c.backend, c.graph, "e");
  AddItems(db, 6, 8);

  auto job = c.PrepareRestore(backup);
  Require(job.status());
  engine::operations::ReplayReport report;
  Status status = (*job)->Run(nullptr, &report);
  CHECK(status.code() == StatusCode::kDatabase);
  CHECK_THAT(status.message(), Catch::Contains("unchanged") && Catch::Contains(role));
  CHECK_FALSE(report.restored);
  job->reset();
  CHECK(Heads(*c.backend) == Names{"e"});
  CHECK(DigestOf(db).rows == 8);
  CHECK(db.HasTable("e_t"));
}

}  // namespace
}  // namespace rev::testing
