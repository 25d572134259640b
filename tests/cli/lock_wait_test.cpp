// A run that must wait for another rev's migration lock says so on stderr, once, naming the
// holder, whether or not stderr is a terminal (here it is a file); then it proceeds when the
// holder goes, or exits 3 when --lock-timeout runs out.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <thread>

#include "tests/support/db_project.h"

namespace rev::testing {
namespace {

using Catch::Contains;

constexpr const char* kWaiting = "rev: warning: waiting for the migration lock, held by ";

size_t Count(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

std::string HostName() {
  char name[256] = {};
  REQUIRE(gethostname(name, sizeof name - 1) == 0);
  return name;
}

TEST_CASE("a run waiting for the migration lock says once who holds it", "[cli][db][lock]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  // PostgreSQL notices the killed holder when its statement ends: 8 s leave the checks
  // below time to run while it holds the lock, and the last waiter not too long to wait.
  p.Write(
      {{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
       {"b", {"a"}, "CREATE TABLE t2 (x INTEGER);\n" + LongStatement(kind, 8), "DROP TABLE t2;"}});
  ProcessOptions holder_options;
  holder_options.env.emplace("PGAPPNAME", "deploy-holder");
  BackgroundProcess holder({RevBinary(), "upgrade"}, p.Options(holder_options));
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));

  // Who holds it: SQLite's lock file names the process and its host; PostgreSQL names the
  // server's session that holds the advisory lock, as pg_stat_activity shows it.
  std::string who;
  if (p.db().is_sqlite()) {
    who = "pid " + std::to_string(holder.pid()) + " on " + HostName() + " since ";
  } else {
    Lines holder_pid = p.Query(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
        "(SELECT oid FROM pg_database WHERE datname = current_database())");
    REQUIRE(holder_pid.size() == 1);
    who = "pid " + holder_pid[0] + ", application_name 'deploy-holder', client ";
  }

  auto timed_out = p.Rev({"upgrade", "--lock-timeout", "1.5"});
  REV_REQUIRE_EXIT(timed_out, 3);
  CHECK(Count(timed_out.err, kWaiting) == 1);  // once, though it tried many times
  CHECK_THAT(timed_out.err, Contains(std::string(kWaiting) + who) &&
                                Contains("giving up after 1.5 s, --lock-timeout"));
  CHECK(timed_out.out.empty());

  // --quiet keeps it to the error; a run that may not wait at all has nothing to announce.
  auto quiet = p.Rev({"upgrade", "-q", "--lock-timeout", "0.5"});
  REV_CHECK_EXIT(quiet, 3);
  CHECK(Count(quiet.err, "waiting for the migration lock") == 0);
  auto at_once = p.Rev({"upgrade", "--lock-timeout", "0"});
  REV_CHECK_EXIT(at_once, 3);
  CHECK(Count(at_once.err, "waiting for the migration lock") == 0);

  // A waiter that outlives the holder goes on once the lock is free (the holder's step b
  // dies with it, rolled back: the database is at a).
  auto waiter = p.Start({"downgrade", "base", "--lock-timeout", "60"});
  std::this_thread::sleep_for(std::chrono::seconds(1));
  holder.Signal(SIGKILL);
  holder.Wait();
  ProcessResult waited = waiter->Wait();
  REV_REQUIRE_EXIT(waited, 0);
  CHECK(Count(waited.err, kWaiting) == 1);
  CHECK_THAT(waited.err, Contains(who));
  CHECK(p.Heads().empty());
}

}  // namespace
}  // namespace rev::testing
