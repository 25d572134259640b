// `rev fleet` through the built binary, on real SQLite files and real PostgreSQL schemas:
// every target its own run, the report that survives a kill, --resume, the canary,
// --on-error, status, downgrade, the three ways to name targets, bad fleets, and no
// password anywhere in what a fleet prints or writes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <map>
#include <set>

#include "tests/cli/fleet_helpers.h"
#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;

// target → state, from a fleet's JSON document.
std::map<std::string, std::string> States(const nlohmann::json& document) {
  std::map<std::string, std::string> states;
  for (const nlohmann::json& target : document.at("targets")) {
    states[target.at("target").get<std::string>()] = target.at("state").get<std::string>();
  }
  return states;
}

std::string ReadAll(const std::filesystem::path& file) {
  std::ifstream in(file);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

size_t LineCount(const std::filesystem::path& file) {
  std::string text = ReadAll(file);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::string YamlList(const std::vector<std::string>& urls) {
  std::string yaml = "fleet:\n";
  for (const std::string& url : urls) yaml += "  - " + url + "\n";
  return yaml;
}

TEST_CASE("rev fleet upgrade brings every target to head, and status then says so",
          "[cli][fleet]") {
  std::vector<std::string> urls = SqliteUrls(12);
  FleetProject p(YamlList(urls));
  auto before = p.Rev({"fleet", "status", "--json"});
  REV_REQUIRE_EXIT(before, 0);
  for (const auto& [target, state] : States(JsonOf(before))) CHECK(state == "pending");

  auto up = p.Rev({"fleet", "upgrade", "--parallel", "3", "--json"});
  REV_REQUIRE_EXIT(up, 0);
  nlohmann::json document = JsonOf(up);
  CHECK(document["counts"] == nlohmann::json({{"done", 12}}));
  for (const nlohmann::json& target : document["targets"]) {
    CHECK(target["to"] == nlohmann::json({kFleetHead}));
    CHECK(target["steps"] == 3);
  }
  for (const std::string& url : urls) {
    CHECK(p.SqliteQuery(url, "SELECT version_num FROM rev_version") == Lines{kFleetHead});
  }
  // The report: a header, then one line per target.
  std::filesystem::path report = document["report"].get<std::string>();
  CHECK(report.parent_path().filename() == ".rev");
  CHECK(LineCount(report) == 13);

  auto after = p.Rev({"fleet", "status"});
  REV_REQUIRE_EXIT(after, 0);
  CHECK_THAT(after.out, Contains("12 up-to-date"));
  auto again = p.Rev({"fleet", "upgrade", "--json"});
  REV_REQUIRE_EXIT(again, 0);
  for (const nlohmann::json& target : JsonOf(again)["targets"]) CHECK(target["steps"] == 0);
  // Not on a terminal: no progress line, only the table and the closing line.
  auto text = p.Rev({"fleet", "upgrade"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK(text.out.find('\r') == std::string::npos);
  CHECK_THAT(text.out, Contains("TARGET") && Contains("Fleet upgrade: 12 done"));
}

TEST_CASE("On a terminal a fleet draws one progress line, rewritten in place", "[cli][fleet]") {
  FleetProject p;
  p.WriteTargets(SqliteUrls(30));  // a few seconds: the line is drawn five times a second
  auto run = p.OnTerminal({"fleet", "upgrade", "--targets", "targets.txt", "--parallel", "1"});
  REV_REQUIRE_EXIT(run, 0);
  // Each redraw starts with a carriage return and clears the line.
  CHECK_THAT(run.out, Contains("\r\033[Kfleet: ") && Contains("/30 done, 0 failed, 1 running"));
  CHECK_THAT(run.out, Contains("Fleet upgrade: 30 done"));
}

TEST_CASE("rev fleet downgrade takes every target back, and TARGET is required", "[cli][fleet]") {
  FleetProject p;
  std::vector<std::string> urls = SqliteUrls(5);
  p.WriteTargets(urls);
  REV_REQUIRE_EXIT(p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--report", "up.jsonl"}),
                   0);
  REV_CHECK_EXIT(p.Rev({"fleet", "downgrade", "--targets", "targets.txt"}), 2);
  // An upgrade's report cannot be resumed by a downgrade.
  auto other =
      p.Rev({"fleet", "downgrade", "-1", "--targets", "targets.txt", "--resume", "up.jsonl"});
  REV_CHECK_EXIT(other, 2);
  CHECK_THAT(other.err, Contains("rev fleet upgrade head"));
  auto down = p.Rev({"fleet", "downgrade", "-1", "--targets", "targets.txt", "--json"});
  REV_REQUIRE_EXIT(down, 0);
  for (const std::string& url : urls) {
    CHECK(p.SqliteQuery(url, "SELECT version_num FROM rev_version") == Lines{"b"});
    CHECK(
        p.SqliteQuery(url, "SELECT COUNT(*) FROM pragma_table_info('users') WHERE name = 'name'") ==
        Lines{"0"});
  }
}

TEST_CASE("on-error stop starts no target after a failure, continue runs them all",
          "[cli][fleet]") {
  FleetProject p;
  std::vector<std::string> urls = SqliteUrls(8);
  p.PoisonSqlite(urls[1]);
  p.WriteTargets(urls);

  auto stop = p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--parallel", "1", "--json"});
  REV_REQUIRE_EXIT(stop, 1);
  std::map<std::string, std::string> states = States(JsonOf(stop));
  CHECK(states[urls[0]] == "done");
  CHECK(states[urls[1]] == "failed");
  for (size_t i = 2; i < urls.size(); ++i) CHECK(states[urls[i]] == "not-run");
  CHECK_THAT(stop.err, Contains("1 of 8 targets failed: " + urls[1]));
  CHECK_FALSE(std::filesystem::exists(p.root() / "dbs/t5.db"));  // never opened

  auto go_on = p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--parallel", "2",
                      "--on-error", "continue", "--json"});
  REV_REQUIRE_EXIT(go_on, 1);
  states = States(JsonOf(go_on));
  for (size_t i = 0; i < urls.size(); ++i) CHECK(states[urls[i]] == (i == 1 ? "failed" : "done"));
  // The failure's first line is in the table, with the target.
  auto table = p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--on-error", "continue"});
  REV_REQUIRE_EXIT(table, 1);
  CHECK_THAT(table.out, Contains(urls[1]) && Contains("failed") && Contains("accounts"));
}

TEST_CASE("A target whose lock another rev holds is locked, exit 3 when none failed",
          "[cli][fleet]") {
  FleetProject p;
  std::vector<std::string> urls = SqliteUrls(4);
  p.WriteTargets(urls);
  // Another process holds t2's migration lock (SQLite's is a flock on the file beside it).
  std::string lock_file = (p.root() / "dbs/t2.db.rev-lock").string();
  BackgroundProcess holder({"flock", lock_file, "sleep", "30"}, p.Options());
  REQUIRE(WaitUntil([&] { return RunProcess({"flock", "-n", lock_file, "true"}).exit_code != 0; }));
  auto run =
      p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--lock-timeout", "0.3", "--json"});
  holder.Signal(SIGKILL);
  REV_REQUIRE_EXIT(run, 3);
  std::map<std::string, std::string> states = States(JsonOf(run));
  CHECK(states[urls[2]] == "locked");
  CHECK(states[urls[0]] == "done");
  CHECK(states[urls[3]] == "done");  // a lock is no failure: the fleet goes on
  CHECK_THAT(run.err, Contains("1 of 4 targets were locked by another rev: " + urls[2]));
}

TEST_CASE("A canary runs the first targets alone and stops the fleet when one fails",
          "[cli][fleet]") {
  FleetProject p;
  std::vector<std::string> urls = SqliteUrls(6);
  p.PoisonSqlite(urls[1]);
  p.WriteTargets(urls);
  auto run = p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--canary", "2", "--on-error",
                    "continue", "--json"});
  REV_REQUIRE_EXIT(run, 1);
  std::map<std::string, std::string> states = States(JsonOf(run));
  CHECK(states[urls[0]] == "done");
  CHECK(states[urls[1]] == "failed");
  for (size_t i = 2; i < urls.size(); ++i) {
    CHECK(states[urls[i]] == "not-run");
    CHECK_FALSE(std::filesystem::exists(p.root() / ("dbs/t" + std::to_string(i) + ".db")));
  }
  // Good canaries: the rest follows.
  auto good = p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--canary", "1", "--on-error",
                     "continue", "--json"});
  REV_REQUIRE_EXIT(good, 1);  // t1 still fails
  states = States(JsonOf(good));
  for (size_t i = 2; i < urls.size(); ++i) CHECK(states[urls[i]] == "done");
}

TEST_CASE("Targets come from a file, from a command, or from --targets", "[cli][fleet]") {
  std::vector<std::string> urls = SqliteUrls(4, "cmd");
  FleetProject p("fleet:\n  command: \"./list.sh\"\n");
  std::ofstream script(p.root() / "list.sh");
  script << "#!/bin/sh\n";
  for (const std::string& url : urls) script << "echo '" << url << "'\n";
  script.close();
  std::filesystem::permissions(p.root() / "list.sh", std::filesystem::perms::owner_all);
  auto from_command = p.Rev({"fleet", "upgrade", "--json"});
  REV_REQUIRE_EXIT(from_command, 0);
  CHECK(States(JsonOf(from_command)).size() == 4);

  std::vector<std::string> listed = SqliteUrls(3, "file");
  p.WriteTargets(listed, "other.txt");
  auto from_file = p.Rev({"fleet", "status", "--targets", "other.txt", "--json"});
  REV_REQUIRE_EXIT(from_file, 0);
  std::map<std::string, std::string> states = States(JsonOf(from_file));
  CHECK(states.size() == 3);
  CHECK(states.count(listed[0]) == 1);

  FleetProject in_file("fleet:\n  file: tenants.txt\n");
  std::vector<std::string> tenants = SqliteUrls(2);
  in_file.WriteTargets(tenants, "tenants.txt");
  REV_CHECK_EXIT(in_file.Rev({"fleet", "upgrade"}), 0);
}

TEST_CASE("a bad fleet is refused at its file and line, before any target runs", "[cli][fleet]") {
  FleetProject p("fleet:\n  - sqlite:///dbs/a.db\n  - mysql://nope/db\n");
  auto bad_url = p.Rev({"fleet", "upgrade"});
  REV_CHECK_EXIT(bad_url, 2);
  CHECK_THAT(bad_url.err, Contains("rev.yaml:4") && Contains("mysql"));
  CHECK_FALSE(std::filesystem::exists(p.root() / "dbs/a.db"));

  p.WriteTargets({"sqlite:///dbs/a.db", "sqlite:///dbs/a.db"}, "twice.txt");
  auto twice = p.Rev({"fleet", "upgrade", "--targets", "twice.txt"});
  REV_CHECK_EXIT(twice, 2);
  CHECK_THAT(twice.err, Contains("twice.txt:4") && Contains("twice"));

  p.WriteTargets({"postgresql://u@h/db?schema=9bad"}, "schema.txt");
  auto schema = p.Rev({"fleet", "status", "--targets", "schema.txt"});
  REV_CHECK_EXIT(schema, 2);
  CHECK_THAT(schema.err, Contains("schema.txt:3") && Contains("schema name"));

  FleetProject shapes("fleet:\n  url: sqlite:///x.db\n");
  auto shape = shapes.Rev({"fleet", "status"});
  REV_CHECK_EXIT(shape, 2);
  CHECK_THAT(shape.err, Contains("rev.yaml:3"));

  FleetProject failing("fleet:\n  command: \"echo cannot reach the inventory >&2; exit 7\"\n");
  auto command = failing.Rev({"fleet", "upgrade"});
  REV_CHECK_EXIT(command, 2);
  CHECK_THAT(command.err, Contains("rev.yaml:3") && Contains("exited with code 7") &&
                              Contains("cannot reach the inventory"));

  FleetProject none;
  auto missing = none.Rev({"fleet", "status"});
  REV_CHECK_EXIT(missing, 2);
  CHECK_THAT(missing.err, Contains("--targets"));
}

TEST_CASE("a fleet killed mid-way and resumed ends every target at head or failed, nothing twice",
          "[cli][fleet][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  FleetProject p;
  std::vector<std::string> sqlite = SqliteUrls(200);
  TestDatabase pg(DatabaseKind::kPostgres);
  std::vector<std::string> schemas;
  for (int i = 0; i < 50; ++i) schemas.push_back("tenant_" + std::to_string(i));
  std::set<std::string> poisoned;
  for (size_t i : {7, 51, 99, 130, 170, 188}) {
    p.PoisonSqlite(sqlite[i]);
    poisoned.insert(sqlite[i]);
  }
  for (size_t i : {13, 41}) {
    PoisonSchema(pg, schemas[i]);
    poisoned.insert(ParsedUrl(SchemaUrl(pg, schemas[i])).Redacted());
  }
  std::vector<std::string> urls = sqlite;
  for (size_t i = 0; i < schemas.size(); ++i)
    urls.insert(urls.begin() + 4 * i + 1, SchemaUrl(pg, schemas[i]));
  p.WriteTargets(urls);

  const std::filesystem::path report = p.root() / "fleet.jsonl";
  auto fleet = p.Start({"fleet", "upgrade", "--targets", "targets.txt", "--on-error", "continue",
                        "--parallel", "2", "--report", report.string()});
  REQUIRE(WaitUntil([&] { return LineCount(report) >= 60; }, std::chrono::seconds(120)));
  fleet->Signal(SIGKILL);
  ProcessResult killed = fleet->Wait();
  REQUIRE(killed.exit_code == 128 + SIGKILL);
  size_t recorded = LineCount(report) - 1;
  CHECK(recorded < urls.size());

  auto resumed = p.Rev({"fleet", "upgrade", "--targets", "targets.txt", "--on-error", "continue",
                        "--resume", report.string(), "--json"},
                       ProcessOptions{{}, {}, std::nullopt, 300});
  REV_REQUIRE_EXIT(resumed, 1);
  std::map<std::string, std::string> states = States(JsonOf(resumed));
  REQUIRE(states.size() == urls.size());
  for (const auto& [target, state] : states) {
    INFO(target);
    CHECK(state == (poisoned.count(target) == 1 ? "failed" : "done"));
  }
  CHECK_THAT(resumed.err, Contains("8 of 250 targets failed"));
  // Each database's own record: at head (or before b where poisoned), nothing twice.
  for (const std::string& url : sqlite) {
    INFO(url);
    CHECK(p.SqliteQuery(url, AppliedTwice("rev_history")).empty());
    CHECK(p.SqliteQuery(url, "SELECT version_num FROM rev_version") ==
          Lines{poisoned.count(url) == 1 ? "a" : kFleetHead});
  }
  for (size_t i = 0; i < schemas.size(); ++i) {
    INFO(schemas[i]);
    CHECK(pg.Query(AppliedTwice(schemas[i] + ".rev_history")).empty());
    bool bad = i == 13 || i == 41;
    CHECK(pg.Query("SELECT version_num FROM " + schemas[i] + ".rev_version") ==
          Lines{bad ? "a" : kFleetHead});
    // The revisions' tables are in the tenant's schema, not in public.
    if (!bad)
      CHECK(pg.Query("SELECT to_regclass('" + schemas[i] + ".accounts') IS NOT NULL") ==
            Lines{"t"});
  }
  CHECK(pg.Query("SELECT to_regclass('public.users') IS NULL") == Lines{"t"});
  // The resumed run appended to the same report; the first run's done targets were not run
  // again (their report lines appear once).
  CHECK(LineCount(report) > recorded + 1);
}

TEST_CASE("a fleet never prints a password, nor writes one to its report",
          "[cli][fleet][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  TestDatabase pg(DatabaseKind::kPostgres);
  engine::backends::DatabaseUrl parsed = ParsedUrl(pg.url_text());
  REQUIRE_FALSE(parsed.password().empty());  // the test server's URL carries one
  FleetProject p;
  PoisonSchema(pg, "tenant_bad");
  p.WriteTargets({SchemaUrl(pg, "tenant_ok"), SchemaUrl(pg, "tenant_bad"),
                  "postgresql://rev:" + parsed.password() + "@127.0.0.1:1/nowhere?schema=x"});
  const std::filesystem::path report = p.root() / "fleet.jsonl";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"fleet", "upgrade", "--on-error", "continue", "--targets",
                                 "targets.txt", "--report", report.string()},
        std::vector<std::string>{"fleet", "upgrade", "--on-error", "continue", "--targets",
                                 "targets.txt", "--json", "--report", report.string()},
        std::vector<std::string>{"fleet", "status", "--targets", "targets.txt"}}) {
    auto run = p.Rev(args);
    REV_CHECK_EXIT(run, 1);
    CHECK_THAT(run.out + run.err, !Contains(parsed.password()));
    CHECK_THAT(run.out + run.err, Contains("***"));
  }
  CHECK_THAT(ReadAll(report), !Contains(parsed.password()) && Contains("tenant_ok"));
  CHECK(pg.Query("SELECT version_num FROM tenant_ok.rev_version") == Lines{kFleetHead});
}

}  // namespace
}  // namespace rev::testing
