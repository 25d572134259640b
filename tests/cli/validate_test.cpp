// `rev validate`: every finding in one run, exit 1 on errors, SPEC's JSON shape.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

std::vector<std::string> CodesIn(const nlohmann::json& list) {
  std::vector<std::string> codes;
  for (const auto& entry : list) codes.push_back(entry["code"]);
  return codes;
}

bool Has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST_CASE("a clean folder validates: exit 0", "[cli][validate]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  auto result = p.Rev({"validate"});
  REV_CHECK_EXIT(result, 0);
  CHECK(result.out == "ok: 2 revisions, 1 head\n");
  CHECK(result.err.empty());
  auto json = p.Rev({"validate", "--json"});
  REV_CHECK_EXIT(json, 0);
  CHECK(JsonOf(json) == nlohmann::json::parse(R"({"errors": [], "warnings": []})"));
  auto quiet = p.Rev({"validate", "-q"});
  CHECK(quiet.out.empty());
}

TEST_CASE("validate reports several findings in one run, in text and JSON", "[cli][validate]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).NoDowngrade());
  p.Revision({"c3", {"a1"}});
  p.Revision({"d4", {"nope"}});
  p.WriteRaw("e5_broken.sql", "-- revision: e5\n-- down_revision: a1\n-- rev:downgrade\n");
  auto text = p.Rev({"validate"});
  REV_CHECK_EXIT(text, 1);
  CHECK_THAT(text.out, Catch::Contains("revisions/e5_broken.sql:3: error: ") &&
                           Catch::Contains("[invalid-file]") && Catch::Contains("[orphan]") &&
                           Catch::Contains("[multiple-heads]") &&
                           Catch::Contains("[missing-downgrade]") && Catch::Contains("  hint: "));
  CHECK_THAT(text.err, Catch::StartsWith("rev: error: validation found "));

  auto json = p.Rev({"validate", "--json"});
  REV_CHECK_EXIT(json, 1);
  auto document = JsonOf(json);
  auto errors = CodesIn(document["errors"]);
  auto warnings = CodesIn(document["warnings"]);
  CHECK(Has(errors, "invalid-file"));
  CHECK(Has(errors, "orphan"));
  CHECK(Has(errors, "multiple-heads"));
  CHECK(Has(warnings, "missing-downgrade"));
  for (const auto& entry : document["errors"]) {
    CHECK(entry["message"].is_string());
    CHECK(entry["file"].is_string());
    CHECK((entry["line"].is_number_integer() || entry["line"].is_null()));
  }
  for (const auto& entry : document["errors"]) {
    if (entry["code"] != "invalid-file") continue;
    CHECK(entry["file"] == "revisions/e5_broken.sql");
    CHECK(entry["line"] == 3);
  }
}

TEST_CASE("warnings alone exit 0, --strict makes them errors", "[cli][validate]") {
  Project p;
  p.Revision(Rev("a1").Downgrade(""));
  auto plain = p.Rev({"validate"});
  REV_CHECK_EXIT(plain, 0);
  CHECK_THAT(plain.out, Catch::Contains("warning: ") && Catch::Contains("[empty-downgrade]") &&
                            Catch::Contains("1 warning"));
  auto strict = p.Rev({"validate", "--strict", "--json"});
  REV_CHECK_EXIT(strict, 1);
  auto document = JsonOf(strict);
  CHECK(CodesIn(document["errors"]) == std::vector<std::string>{"empty-downgrade"});
  CHECK(document["warnings"].empty());
}

TEST_CASE("validate reads rev.yaml's file_template and its unknown keys", "[cli][validate]") {
  Project p("revisions: revisions\nfile_templat: \"{rev}\"\n");
  p.Revision(Rev("a1").FileName("x_a1.sql"));
  auto result = p.Rev({"validate", "--json"});
  REV_CHECK_EXIT(result, 1);
  auto document = JsonOf(result);
  CHECK(CodesIn(document["errors"]) == std::vector<std::string>{"id-filename-mismatch"});
  CHECK(CodesIn(document["warnings"]) == std::vector<std::string>{"unknown-config-key"});
}

}  // namespace
}  // namespace rev::testing
