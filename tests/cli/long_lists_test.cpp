// Long lists for a person: drift and pending revisions one per line, the first 10 and then
// how many more and the command that lists them all; --verbose and --json keep every one.
// And `rev status --exit-code` for CI: 1 when the database is behind or drifted, 0 when up to
// date.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;

// r01 -> r02 -> ... -> rNN, each making a table of its own.
std::vector<Rev> LongChain(int count) {
  std::vector<Rev> specs;
  for (int i = 1; i <= count; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "r%02d", i);
    char parent[8];
    std::snprintf(parent, sizeof parent, "r%02d", i - 1);
    specs.push_back({id, i == 1 ? Lines{} : Lines{parent},
                     std::string("CREATE TABLE t_") + id + " (x INTEGER);",
                     std::string("DROP TABLE t_") + id + ";"});
  }
  return specs;
}

size_t Count(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

TEST_CASE("status shows the first 10 pending revisions and a count, -v and --json all",
          "[cli][db][status]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(LongChain(14));

  auto text = p.Rev({"status"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK_THAT(text.out, Contains("Pending:      14 revisions\n"
                                "  upgrade <base> -> r01, revision r01\n"));
  CHECK_THAT(text.out, Contains("  upgrade r09 -> r10, revision r10\n"
                                "  \u2026 and 4 more (`rev status -v` lists them all)\n"));
  CHECK(Count(text.out, "  upgrade ") == 10);

  auto verbose = p.Rev({"status", "-v"});
  REV_REQUIRE_EXIT(verbose, 0);
  CHECK(Count(verbose.out, "  upgrade ") == 14);
  CHECK_THAT(verbose.out, Contains("upgrade r13 -> r14, revision r14") && !Contains("more ("));

  auto document = JsonOf(p.Rev({"status", "--json"}));
  CHECK(document["pending"].size() == 14);
}

TEST_CASE("drift of many files: one per line, capped, in the refusal and in status",
          "[cli][db][status]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  std::vector<Rev> chain = LongChain(13);
  p.Write(chain);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "r12"}), 0);
  for (int i = 0; i < 12; ++i) {
    WriteFile(p.FileOf(chain[i].id), ReadFile(p.FileOf(chain[i].id)) + "-- edited\n");
  }

  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("rev: error: 12 applied revisions no longer match their files:\n"
                                   "  changed  r01: revisions/r01_revision_r01.sql\n"
                                   "  changed  r02: revisions/r02_revision_r02.sql\n"));
  CHECK_THAT(refused.err, Contains("  changed  r10: revisions/r10_revision_r10.sql\n"
                                   "  \u2026 and 2 more (`rev status -v` lists them all)\n"
                                   "  hint: "));
  CHECK(Count(refused.err, "  changed  ") == 10);

  auto status = p.Rev({"status"});
  REV_REQUIRE_EXIT(status, 0);
  CHECK_THAT(status.out, Contains("Drift:        12 applied revisions changed since applied\n"
                                  "  changed  r01: revisions/r01_revision_r01.sql\n"));
  CHECK_THAT(status.out, Contains("  \u2026 and 2 more (`rev status -v` lists them all)\n"));
  CHECK(Count(status.out, "  changed  ") == 10);
  auto verbose = p.Rev({"status", "-v"});
  CHECK(Count(verbose.out, "  changed  ") == 12);
  CHECK(JsonOf(p.Rev({"status", "--json"}))["drift"].size() == 12);

  // One drifted file: the error is at that file.
  REV_REQUIRE_EXIT(p.Rev({"repair", "--yes"}), 0);
  WriteFile(p.FileOf("r03"), ReadFile(p.FileOf("r03")) + "-- again\n");
  auto one = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(one, 4);
  CHECK_THAT(one.err,
             Contains("rev: error: revisions/r03_revision_r03.sql: an applied revision no "
                      "longer matches its file:\n  changed  r03: revisions/r03_revision_r03.sql"));
}

TEST_CASE("status --exit-code: 1 when behind or drifted, 0 when up to date", "[cli][db][status]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));

  auto behind = p.Rev({"status", "--exit-code"});
  REV_CHECK_EXIT(behind, 1);
  CHECK_THAT(behind.out, Contains("Not up to date."));
  CHECK_THAT(behind.err, Contains("rev: error: the database is not up to date: 3 revisions "
                                  "pending"));
  REV_CHECK_EXIT(p.Rev({"status"}), 0);  // without the flag, news rather than failure

  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  auto current = p.Rev({"status", "--exit-code"});
  REV_CHECK_EXIT(current, 0);
  CHECK(current.err.empty());

  WriteFile(p.FileOf("b"), ReadFile(p.FileOf("b")) + "-- edited\n");
  auto drifted = p.Rev({"status", "--exit-code"});
  REV_CHECK_EXIT(drifted, 1);
  CHECK_THAT(drifted.err, Contains("not up to date: 1 revision drifted"));
  auto json = p.Rev({"status", "--exit-code", "--json"});
  REV_CHECK_EXIT(json, 1);
  CHECK(JsonOf(json)["up_to_date"] == false);
}

}  // namespace
}  // namespace rev::testing
