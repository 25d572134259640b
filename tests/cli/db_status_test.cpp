// The reading commands against real databases: `rev current`, `rev status`, `rev log` and
// `rev validate --db`, in text and JSON; none of them creates or writes anything.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using nlohmann::json;

TEST_CASE("reading commands on a database that does not exist create nothing", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  for (const Lines& args :
       {Lines{"current"}, Lines{"status"}, Lines{"log"}, Lines{"validate", "--db"},
        Lines{"upgrade", "--dry-run"}, Lines{"status", "--json"}, Lines{"current", "--json"}}) {
    auto result = p.Rev(args);
    INFO(args[0]);
    REV_CHECK_EXIT(result, 0);
  }
  if (p.db().is_sqlite()) {
    CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));
    CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file().string() + ".rev-lock"));
  } else {
    CHECK_FALSE(p.HasTable("rev_version"));
    CHECK_FALSE(p.HasTable("rev_history"));
  }
}

TEST_CASE("reading commands leave an existing database as it was", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  Lines history = p.History();
  std::string bytes = p.db().is_sqlite() ? ReadFile(p.db().sqlite_file()) : "";
  for (const Lines& args : {Lines{"current"}, Lines{"status"}, Lines{"log"},
                            Lines{"validate", "--db"}, Lines{"upgrade", "--dry-run"}}) {
    INFO(args[0]);
    REV_CHECK_EXIT(p.Rev(args), 0);
  }
  CHECK(p.History() == history);
  if (p.db().is_sqlite()) CHECK(ReadFile(p.db().sqlite_file()) == bytes);
}

TEST_CASE("current prints the heads, as text and as JSON", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  auto empty = p.Rev({"current", "--json"});
  REV_REQUIRE_EXIT(empty, 0);
  CHECK(JsonOf(empty) == json{{"current", json::array()}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  auto text = p.Rev({"current"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK(text.out == "b, revision b\n");
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  CHECK(p.Rev({"current"}).out == "c (head), revision c\n");
  auto document = p.Rev({"current", "--json"});
  CHECK(JsonOf(document) == json{{"current", {"c"}}});
}

TEST_CASE("status shows current, heads and pending, as text and as JSON", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);

  auto text = p.Rev({"status"});
  REV_REQUIRE_EXIT(text, 0);  // pending is news, not failure (as alembic and dbmate)
  CHECK_THAT(text.out, Contains("Current:      a") && Contains("Heads:        c") &&
                           Contains("Pending:      2 revisions") &&
                           Contains("upgrade a -> b, revision b") && Contains("Not up to date."));
  auto document = JsonOf(p.Rev({"status", "--json"}));
  CHECK(document["current"] == json::array({"a"}));
  CHECK(document["heads"] == json::array({"c"}));
  CHECK(document["pending"] == json::array({"b", "c"}));
  CHECK(document["drift"] == json::array());
  CHECK(document["dirty"].is_null());
  CHECK(document["last_failure"].is_null());
  CHECK(document["up_to_date"] == false);
  REV_CHECK_EXIT(p.Rev({"status", "--exit-code"}), 1);

  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  auto done = JsonOf(p.Rev({"status", "--json"}));
  CHECK(done["pending"] == json::array());
  CHECK(done["up_to_date"] == true);
  auto done_text = p.Rev({"status", "--exit-code"});
  REV_CHECK_EXIT(done_text, 0);
  CHECK_THAT(done_text.out, Contains("Up to date."));
}

TEST_CASE("status shows drift, the last failure and a database ahead of the folder", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  p.Write({{"d", {"c"}, "SELECT * FROM no_such_table;", ""}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 1);
  WriteFile(p.FileOf("a"), ReadFile(p.FileOf("a")) + "-- edited after it was applied\n");
  std::filesystem::remove(p.FileOf("c"));  // applied, and the database's head
  std::filesystem::remove(p.FileOf("d"));  // failed, never applied

  auto document = JsonOf(p.Rev({"status", "--json"}));
  CHECK(document["current"] == json::array({"c"}));
  CHECK(document["unknown"] == json::array({"c"}));
  CHECK(document["heads"] == json::array({"b"}));
  REQUIRE(document["drift"].size() == 2);
  CHECK(document["drift"][0]["revision"] == "a");
  CHECK(document["drift"][0]["state"] == "changed");
  CHECK(document["drift"][0]["path"] == "revisions/a_revision_a.sql");
  CHECK(document["drift"][1]["revision"] == "c");
  CHECK(document["drift"][1]["state"] == "missing");
  CHECK(document["last_failure"]["revision"] == "d");
  CHECK(document["last_failure"]["status"] == "failed");
  CHECK_THAT(document["last_failure"]["error"].get<std::string>(), Contains("no_such_table"));
  CHECK(document["dirty"].is_null());
  CHECK(document["up_to_date"] == false);

  auto text = p.Rev({"status"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK_THAT(text.out, Contains("changed  a: revisions/a_revision_a.sql") &&
                           Contains("missing  c: its file is gone") &&
                           Contains("Unknown:      c") &&
                           Contains("Last failure: the upgrade of d"));
}

TEST_CASE("log lists every step newest first, as text and as JSON", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  auto empty = p.Rev({"log", "--json"});
  REV_REQUIRE_EXIT(empty, 0);
  CHECK(JsonOf(empty) == json{{"log", json::array()}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "-1"}), 0);

  auto document = JsonOf(p.Rev({"log", "--json"}));
  auto log = document["log"];
  REQUIRE(log.size() == 4);
  CHECK(log[0]["revision"] == "c");
  CHECK(log[0]["direction"] == "downgrade");
  CHECK(log[0]["from"] == json::array({"c"}));
  CHECK(log[0]["to"] == json::array({"b"}));
  CHECK(log[3]["revision"] == "a");
  CHECK(log[3]["from"] == json::array());
  for (const json& row : log) {
    CHECK(row["status"] == "applied");
    CHECK(row["duration_ms"].is_number());
    CHECK(row["started_at"].get<std::string>().size() == 24);  // 2026-11-22T10:04:00.123Z
    CHECK_THAT(row["run_by"].get<std::string>(), Contains("@"));
    CHECK(row["checksum"].get<std::string>().size() == 64);
    CHECK(row["error"].is_null());
  }
  CHECK(log[0]["id"].get<int64_t>() > log[1]["id"].get<int64_t>());

  auto limited = JsonOf(p.Rev({"log", "-n", "2", "--json"}));
  REQUIRE(limited["log"].size() == 2);
  CHECK(limited["log"][0] == log[0]);
  auto text = p.Rev({"log", "-n", "1"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK_THAT(text.out, Contains("#4") && Contains("downgrade c") && Contains("c -> b") &&
                           Contains("applied") && Contains(" ms") && Contains("by "));
  CHECK_THAT(text.out, !Contains("#3"));
}

TEST_CASE("validate --db adds the database's findings with codes", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  auto clean = p.Rev({"validate", "--db", "--json"});
  REV_REQUIRE_EXIT(clean, 0);
  CHECK(JsonOf(clean) == json{{"errors", json::array()}, {"warnings", json::array()}});

  WriteFile(p.FileOf("b"), ReadFile(p.FileOf("b")) + "-- edited\n");
  REV_REQUIRE_EXIT(p.Rev({"stamp", "--purge", "c"}), 0);
  p.db().Execute("INSERT INTO rev_version (version_num) VALUES ('zz')");
  std::filesystem::remove(p.FileOf("c"));  // c is applied, a head, and gone

  auto result = p.Rev({"validate", "--db", "--json"});
  REV_REQUIRE_EXIT(result, 1);
  std::vector<std::string> codes;
  json document = JsonOf(result);
  for (const json& error : document["errors"]) codes.push_back(error["code"]);
  std::sort(codes.begin(), codes.end());
  CHECK(codes == Lines{"applied-file-changed", "applied-file-missing", "unknown-database-head",
                       "unknown-database-head"});
  auto text = p.Rev({"validate", "--db"});
  REV_CHECK_EXIT(text, 1);
  CHECK_THAT(text.out,
             Contains("revisions/b_revision_b.sql: error: revision b changed since it was "
                      "applied") &&
                 Contains("[applied-file-changed]") && Contains("rev repair"));
  // Without --db the folder alone is clean.
  REV_CHECK_EXIT(p.Rev({"validate"}), 0);
}

TEST_CASE("validate --db reports a database it cannot read as a finding", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"validate", "--db"}), 0);
  MakeUnreadable(p);
  auto result = p.Rev({"validate", "--db", "--json"});
  REV_REQUIRE_EXIT(result, 1);
  auto errors = JsonOf(result)["errors"];
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["code"] == "database-unreadable");
  auto text = p.Rev({"validate", "--db"});
  REV_CHECK_EXIT(text, 1);
  CHECK_THAT(text.out, Contains("[database-unreadable]"));
  WriteFile(p.root() / "other.yaml", "revisions: revisions\n");
  auto no_url = p.Rev({"validate", "--db", "-c", "other.yaml"});
  REV_CHECK_EXIT(no_url, 2);
  CHECK_THAT(no_url.err, Contains("no database") && Contains("-d URL"));
}

}  // namespace
}  // namespace rev::testing
