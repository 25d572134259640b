// librev through its C++ face (rev.hpp), in this process, on real databases: what an
// application that migrates on start-up sees.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <rev.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tests/support/db_project.h"
#include "tests/support/exit_checks.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using nlohmann::json;

void WriteTwoTables(DbProject& p) {
  p.Write({{"a1", {}, "CREATE TABLE users (id INTEGER);", "DROP TABLE users;"},
           {"b2", {"a1"}, "CREATE TABLE posts (id INTEGER);", "DROP TABLE posts;"}});
}

// A step of a few seconds: long enough to be caught holding the lock, short enough for a
// waiting replica (LongStatement's SQLite count runs for minutes).
std::string FewSecondsStep(engine::backends::DatabaseKind kind) {
  if (kind == engine::backends::DatabaseKind::kSqlite) {
    return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 10000000) "
           "SELECT count(*) FROM c;";
  }
  return LongStatement(kind, 4);
}

rev::Project Open(const Project& p) {
  return rev::Project(rev::Options().Config(p.root().string()));
}

TEST_CASE("librev upgrades, then finds the database already at head", "[librev][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteTwoTables(p);
  rev::Project project = Open(p);
  REQUIRE(project.opened().ok());
  std::vector<std::string> steps;
  project.OnProgress(
      [&](const rev::StepProgress& step) { steps.push_back(step.revision + " " + step.status); });

  bool pending = false;
  REQUIRE(project.Pending(&pending).ok());
  CHECK(pending);
  rev::Outcome upgraded = project.Upgrade();
  REQUIRE(upgraded.ok());
  CHECK(json::parse(upgraded.json)["applied"] == 2);
  CHECK(steps == std::vector<std::string>{"a1 running", "a1 applied", "b2 running", "b2 applied"});
  CHECK(p.Heads() == std::vector<std::string>{"b2"});

  rev::Outcome again = project.Upgrade("head");
  REQUIRE(again.ok());  // already at head: success, not an error
  CHECK(json::parse(again.json)["applied"] == 0);
  REQUIRE(project.Pending(&pending).ok());
  CHECK_FALSE(pending);
  CHECK(json::parse(project.Current().json)["current"] == json::array({"b2"}));

  REQUIRE(project.Downgrade("base").ok());
  CHECK(p.Heads().empty());
  CHECK_FALSE(p.HasTable("users"));
}

TEST_CASE("librev reports a failed step with the command line's exit code", "[librev][db]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  p.Write({{"a1", {}, "CREATE TABLE users (id INTEGER);", "DROP TABLE users;"},
           {"b2", {"a1"}, "CREATE TABLE users (id INTEGER);", ""}});
  rev::Project project = Open(p);
  std::vector<std::string> errors;
  project.OnLog([&](rev_log_level level, const std::string& line) {
    if (level == REV_LOG_ERROR) errors.push_back(line);
  });
  rev::Outcome result = project.Upgrade();
  CHECK(result.code == REV_FAILED);
  CHECK_THAT(result.message, Contains("b2") && Contains("users"));
  CHECK(json::parse(result.json)["heads"] == json::array({"a1"}));  // the last good one
  CHECK_FALSE(errors.empty());
  CHECK(p.Heads() == std::vector<std::string>{"a1"});
}

TEST_CASE("a callback that throws is caught, reported and not called again", "[librev]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  WriteTwoTables(p);
  rev::Project project = Open(p);
  int calls = 0;
  project.OnProgress([&](const rev::StepProgress&) {
    ++calls;
    throw std::runtime_error("progress bar broke");
  });
  rev::Outcome result = project.Upgrade();
  CHECK(result.ok());  // the migration is not the callback's to stop
  CHECK(calls == 1);
  CHECK_THAT(result.message, Contains("progress callback threw: progress bar broke"));
  CHECK(p.Heads() == std::vector<std::string>{"b2"});
}

// Through the C ABI directly: what rev.hpp's trampolines would otherwise hide.
extern "C" void ThrowingLog(void*, rev_log_level, const char*) { throw std::logic_error("boom"); }
struct Reentry {
  rev_project* handle = nullptr;
  int code = -1;  // what the call from inside the callback returned
};
extern "C" void ReenteringLog(void* data, rev_log_level, const char*) {
  auto* reentry = static_cast<Reentry*>(data);
  reentry->code = rev_status(reentry->handle);
}

TEST_CASE("the C ABI survives a throwing callback and refuses re-entry", "[librev]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  WriteTwoTables(p);
  std::string root = p.root().string();
  rev_open_options options{root.c_str(), nullptr, nullptr};
  rev_project* handle = nullptr;
  REQUIRE(rev_open(&options, &handle) == REV_OK);

  REQUIRE(rev_set_log_callback(handle, ThrowingLog, nullptr) == REV_OK);
  CHECK(rev_upgrade(handle, "nonesuch") == REV_INVALID);
  CHECK_THAT(rev_error(handle),
             Contains("nonesuch") && Contains("the log callback threw (boom); it was not called"));

  Reentry reentry{handle};
  REQUIRE(rev_set_log_callback(handle, ReenteringLog, &reentry) == REV_OK);
  CHECK(rev_upgrade(handle, "nonesuch") == REV_INVALID);
  CHECK(reentry.code == REV_INVALID);  // refused rather than deadlocked
  rev_close(handle);
}

TEST_CASE("strings a caller may pass never crash librev", "[librev][bad-input]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  WriteTwoTables(p);
  rev::Project project = Open(p);
  const std::vector<std::string> targets = {"",
                                            "-",
                                            "--",
                                            "--help",
                                            "--json",
                                            "-1",
                                            "+999",
                                            "head@{",
                                            "a1:b2:c3",
                                            "\xff\xfe\x80",
                                            std::string(100000, 'a'),
                                            "b2@+1",
                                            "heads",
                                            "base-1",
                                            "%s%n%x",
                                            "../../etc/passwd"};
  for (const std::string& target : targets) {
    rev::Outcome result = project.Upgrade(target);
    CHECK((result.code == REV_OK || result.code == REV_INVALID));
    if (!result.ok()) CHECK_FALSE(result.message.empty());
    CHECK(project.Downgrade(target).code != REV_FAILED);
  }
  REQUIRE(project.Downgrade("base").ok());

  for (const std::string& text :
       {std::string("--help"), std::string("\xff"), std::string(5000, '/'), std::string("-c"),
        std::string("sqlite:///")}) {
    rev::Project env_project(rev::Options().Config(p.root().string()).Environment(text));
    CHECK(env_project.Status().code == REV_INVALID);
    rev::Project url_project(rev::Options().Config(p.root().string()).Database(text));
    CHECK(url_project.Status().code != REV_OK);
    rev::Project config_project(rev::Options().Config(text));
    CHECK(config_project.opened().code == REV_INVALID);
    CHECK(config_project.Upgrade().code == REV_INVALID);
  }
  rev::Project moved = std::move(project);
  CHECK(project.Status().code == REV_INVALID);  // NOLINT(bugprone-use-after-move): on purpose
  CHECK(moved.Status().ok());
}

TEST_CASE("handles on several threads migrate one database once", "[librev][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  WriteTwoTables(p);
  std::vector<int> codes(8, -1);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < codes.size(); ++i) {
    threads.emplace_back([&, i] { codes[i] = Open(p).Upgrade().code; });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(codes == std::vector<int>(8, REV_OK));
  CHECK(p.History() == std::vector<std::string>{"a1 upgrade applied", "b2 upgrade applied"});
}

TEST_CASE("the skip policy returns once another process brought the database to head",
          "[librev][db][lock]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write({{"a1", {}, "CREATE TABLE users (id INTEGER);", "DROP TABLE users;"},
           {"b2",
            {"a1"},
            "CREATE TABLE posts (id INTEGER);\n" + FewSecondsStep(kind),
            "DROP TABLE posts;"}});
  BackgroundProcess holder({RevBinary(), "upgrade"}, p.Options());
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));

  rev::Project impatient = Open(p);
  REQUIRE(impatient.SetLockPolicy(rev::LockPolicy::kSkip, 0.2).ok());
  rev::Outcome gave_up = impatient.Upgrade();
  INFO(gave_up.message);
  CHECK(gave_up.code == REV_LOCKED);
  CHECK_THAT(gave_up.message, Contains("lock"));

  rev::Project replica = Open(p);
  REQUIRE(replica.SetLockPolicy(rev::LockPolicy::kSkip, 120).ok());
  rev::Outcome waited = replica.Upgrade();
  INFO(waited.message);
  REQUIRE(waited.ok());
  CHECK(json::parse(waited.json)["pending"].empty());
  ProcessResult holder_result = holder.Wait();
  REV_CHECK_EXIT(holder_result, 0);
  CHECK(p.History() == std::vector<std::string>{"a1 upgrade applied", "b2 upgrade applied"});
}

}  // namespace
}  // namespace rev::testing
