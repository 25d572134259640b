// Every command but validate refuses a folder with a malformed file, naming each one.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

TEST_CASE("a malformed file makes every graph command exit 2 naming each file:line",
          "[cli][malformed]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.WriteRaw("c3_no_marker.sql", "-- revision: c3\n-- down_revision: b2\nSELECT 1;\n");
  p.WriteRaw("d4_bad_yaml.sql",
             "-- revision: d4\n-- down_revision: [b2\n-- rev:upgrade\nSELECT 1;\n");
  auto before = p.Snapshot();

  std::vector<std::vector<std::string>> commands = {{"heads"},
                                                    {"branches"},
                                                    {"history"},
                                                    {"show", "a1"},
                                                    {"create", "next"},
                                                    {"merge", "heads", "-m", "m"},
                                                    {"upgrade", "--sql"},
                                                    {"downgrade", "--sql", "b2:base"},
                                                    {"heads", "--json"}};
  for (const auto& command : commands) {
    INFO("rev " << command.front() << (command.size() > 1 ? " " + command[1] : ""));
    auto result = p.Rev(command);
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Catch::Contains("rev: error: revisions/c3_no_marker.sql:3: ") &&
                               Catch::Contains("rev: error: revisions/d4_bad_yaml.sql:3"));
    CHECK_THAT(result.err, Catch::Contains("rev validate"));
  }
  CHECK(p.Snapshot() == before);

  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Catch::Contains("revisions/c3_no_marker.sql:3: error:") &&
                               Catch::Contains("revisions/d4_bad_yaml.sql:3"));
}

TEST_CASE("with --json a failing command still prints one JSON document", "[cli][malformed]") {
  Project p;
  p.WriteRaw("a1_bad.sql", "garbage\n");
  auto result = p.Rev({"heads", "--json"});
  REV_CHECK_EXIT(result, 2);
  auto document = JsonOf(result);
  REQUIRE(document["errors"].is_array());
  REQUIRE(document["errors"].size() >= 1);
  CHECK(document["errors"][0]["code"] == "invalid-file");
  CHECK(document["errors"][0]["file"] == "revisions/a1_bad.sql");
  CHECK(document["errors"][0]["line"] == 1);
}

}  // namespace
}  // namespace rev::testing
