// Runs that do not end well, through the built binary: Ctrl-C (SIGINT, SIGTERM) during a
// step, kill -9 during a long step and during a non-transactional one, and many revs
// upgrading one database at once.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <thread>

#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using nlohmann::json;

// a (quick), b (creates t2, then runs for a long time), c (quick).
std::vector<Rev> WithLongStep(engine::backends::DatabaseKind kind, int postgres_seconds,
                              bool transactional = true) {
  Rev b{"b",
        {"a"},
        "CREATE TABLE t2 (x INTEGER);\n" + LongStatement(kind, postgres_seconds),
        "DROP TABLE t2;"};
  b.transactional = transactional;
  return {{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
          b,
          {"c", {"b"}, "CREATE TABLE t3 (x INTEGER);", "DROP TABLE t3;"}};
}

// `rev upgrade` of WithLongStep(kind, postgres_seconds), started in the background and
// running b's long statement.
std::unique_ptr<BackgroundProcess> StartInLongStep(DbProject& p,
                                                   engine::backends::DatabaseKind kind,
                                                   int postgres_seconds) {
  p.Write(WithLongStep(kind, postgres_seconds));
  auto run = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  return run;
}

// b's long statement replaced by a quick one (b was never applied, so this is no drift).
void ShortenB(DbProject& p) {
  Rev b{"b", {"a"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"};
  p.Revision(b);
}

// The heads of the journal's last line (SPEC §5), or null when there is no journal.
json LastJournalHeads(const DbProject& p) {
  std::ifstream journal(p.root() / ".rev" / "journal.jsonl");
  std::string line, last;
  while (std::getline(journal, line)) last = line;
  return last.empty() ? json() : json::parse(last)["heads"];
}

bool HistoryHas(DbProject& p, const std::string& line) {
  Lines history = p.History();
  return std::find(history.begin(), history.end(), line) != history.end();
}

TEST_CASE("Ctrl-C during a step rolls it back, records it and exits 130", "[cli][db][signal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  int signal_number = GENERATE(SIGINT, SIGTERM);
  DbProject p(kind);
  auto run = StartInLongStep(p, kind, 30);
  auto start = std::chrono::steady_clock::now();
  run->Signal(signal_number);
  ProcessResult result = run->Wait(60);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  REV_REQUIRE_EXIT(result, 130);
  CHECK_THAT(result.err, Contains("interrupted") && Contains("rolled back") &&
                             Contains("revisions/b_revision_b.sql"));
  CHECK(p.Heads() == Lines{"a"});
  CHECK_FALSE(p.HasTable("t2"));
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade rolled_back"});

  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["dirty"].is_null());
  CHECK(status["last_failure"]["status"] == "rolled_back");
  CHECK(status["pending"] == json::array({"b", "c"}));

  ShortenB(p);
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  CHECK(p.Heads() == Lines{"c"});
}

TEST_CASE("Ctrl-C while waiting for the lock ends at once and changes nothing",
          "[cli][db][signal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  auto holder = StartInLongStep(p, kind, 30);
  auto waiter = p.Start({"upgrade", "--lock-timeout", "60"});
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  REQUIRE(waiter->Running());
  waiter->Signal(SIGINT);
  ProcessResult result = waiter->Wait(10);
  REV_CHECK_EXIT(result, 130);
  CHECK_THAT(result.err, Contains("nothing was changed"));
  holder->Signal(SIGINT);
  REV_CHECK_EXIT(holder->Wait(60), 130);
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade rolled_back"});
}

TEST_CASE("kill -9 during a long step: status and upgrade tell the truth and finish",
          "[cli][db][signal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  // PostgreSQL: the server notices the dead client only when the running statement ends.
  auto run = StartInLongStep(p, kind, 4);
  run->Signal(SIGKILL);
  REV_REQUIRE_EXIT(run->Wait(), 128 + SIGKILL);
  // The journal has the heads after each step: a, which committed before the kill.
  CHECK(LastJournalHeads(p) == json::array({"a"}));

  auto status = p.Rev({"status", "--json"});
  REV_REQUIRE_EXIT(status, 0);
  auto document = JsonOf(status);
  CHECK(document["current"] == json::array({"a"}));
  CHECK(document["pending"] == json::array({"b", "c"}));
  CHECK(document["dirty"].is_null());  // a transactional step leaves nothing half done

  ShortenB(p);
  // The next run gets the lock once the dead run's session is gone.
  auto finish = p.Rev({"upgrade", "--lock-timeout", "60"});
  REV_REQUIRE_EXIT(finish, 0);
  CHECK_THAT(finish.out, Contains("Applied 2 steps"));
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade applied", "c upgrade applied"});
  CHECK(JsonOf(p.Rev({"status", "--json"}))["up_to_date"] == true);
}

TEST_CASE("a non-transactional step killed half-way is reported dirty", "[cli][db][signal]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(WithLongStep(kind, 4, /*transactional=*/false));
  auto run = p.Start({"upgrade"});
  REQUIRE(WaitUntil([&] { return HistoryHas(p, "b upgrade started"); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  run->Signal(SIGKILL);
  REV_REQUIRE_EXIT(run->Wait(), 128 + SIGKILL);

  // PostgreSQL: while the dead run's statement still runs, its session holds the lock and
  // the step is in progress, not dirty.
  json document;
  REQUIRE(WaitUntil(
      [&] {
        document = JsonOf(p.Rev({"status", "--json"}));
        return document["in_progress"] == false;
      },
      std::chrono::seconds(30)));
  CHECK(document["dirty"]["revision"] == "b");
  CHECK(document["dirty"]["status"] == "started");
  CHECK(document["up_to_date"] == false);
  auto text = p.Rev({"status"});
  CHECK_THAT(text.out, Contains("never finished") && Contains("rev stamp"));

  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("dirty") && Contains("never finished"));
  auto validate = p.Rev({"validate", "--db"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Contains("[dirty-step]"));

  // The person finishes what b meant to do, stamps it, and the upgrade goes on.
  p.db().Execute("CREATE TABLE IF NOT EXISTS t2 (x INTEGER)");
  REV_REQUIRE_EXIT(p.Rev({"stamp", "b"}), 0);
  ShortenB(p);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "--ignore-checksums"}), 0);
  CHECK(p.Heads() == Lines{"c"});
}

TEST_CASE("concurrent upgrades of one database run each revision exactly once",
          "[cli][db][concurrency]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  const int revisions = 20;
  std::vector<Rev> specs;
  for (int i = 0; i < revisions; ++i) {
    std::string id = "r" + std::string(i < 10 ? "0" : "") + std::to_string(i);
    std::string sql = (i == 0 ? "CREATE TABLE counter (revision VARCHAR(16));\n" : "") +
                      std::string("INSERT INTO counter VALUES ('") + id + "');";
    specs.push_back({id, i == 0 ? Lines{} : Lines{specs.back().id}, sql, "SELECT 1;"});
  }
  p.Write(specs);
  const size_t processes = p.db().is_sqlite() ? 8 : 16;
  std::vector<std::unique_ptr<BackgroundProcess>> runs;
  for (size_t i = 0; i < processes; ++i) runs.push_back(p.Start({"upgrade", "head"}));
  size_t done = 0;
  for (auto& run : runs) {
    ProcessResult result = run->Wait();
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK((result.exit_code == 0 || result.exit_code == 3));
    if (result.exit_code == 0) ++done;
  }
  CHECK(done >= 1);
  Lines counts = p.Query(
      "SELECT revision || '=' || count(*) FROM counter GROUP BY revision "
      "ORDER BY revision");
  REQUIRE(counts.size() == static_cast<size_t>(revisions));
  for (const std::string& count : counts) CHECK_THAT(count, Catch::EndsWith("=1"));
  CHECK(p.Heads() == Lines{"r19"});
  CHECK(p.History().size() == static_cast<size_t>(revisions));
}

}  // namespace
}  // namespace rev::testing
