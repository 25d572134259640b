// Errors name the file and line to fix, and say how: cycles outside `rev validate`, a
// revision depending on itself, rev.yaml's file_template and version_table, and bad
// --branch-label values.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

TEST_CASE("a cycle refused outside validate names the line that closes it", "[cli][locations]") {
  Project p;
  p.Revision({"a1", {"c3"}});
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"b2"}});
  auto heads = p.Rev({"heads"});
  REV_CHECK_EXIT(heads, 2);
  CHECK_THAT(heads.err, Catch::StartsWith("rev: error: revisions/a1_revision_a1.sql:2: "
                                          "revisions form a cycle: a1 -> b2 -> c3 -> a1\n"));
}

TEST_CASE("a cycle closed by depends_on is reported at the depends_on line", "[cli][locations]") {
  Project p;
  p.Revision(Rev("a1").DependsOn({"c3"}));  // line 5: the edge that closes the cycle
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"b2"}});
  auto heads = p.Rev({"heads"});
  REV_CHECK_EXIT(heads, 2);
  CHECK_THAT(heads.err, Catch::StartsWith("rev: error: revisions/a1_revision_a1.sql:5: "
                                          "revisions form a cycle"));
  auto validate = p.Rev({"validate", "--json"});
  REV_CHECK_EXIT(validate, 1);
  auto errors = JsonOf(validate)["errors"];
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["code"] == "cycle");
  CHECK(errors[0]["line"] == 5);
  // Each other member is located where it names the member before it: its down_revision.
  CHECK(errors[0]["related"] == nlohmann::json::parse(R"([
      {"file": "revisions/b2_revision_b2.sql", "line": 2},
      {"file": "revisions/c3_revision_c3.sql", "line": 2}])"));
}

TEST_CASE("a revision listing itself in depends_on is reported at the depends_on line",
          "[cli][locations]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).DependsOn({"b2"}));
  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Catch::Contains("revisions/b2_revision_b2.sql:5: error: revision b2 "
                                           "names itself") &&
                               Catch::Contains("[cycle]"));
  auto heads = p.Rev({"heads"});
  REV_CHECK_EXIT(heads, 2);
  CHECK_THAT(heads.err, Catch::StartsWith("rev: error: revisions/b2_revision_b2.sql:5: "));
}

TEST_CASE("a file_template without {rev} is refused at its rev.yaml line", "[cli][locations]") {
  Project p("revisions: revisions\nfile_template: \"{slug}\"\n");
  auto created = p.Rev({"create", "add users"});
  REV_CHECK_EXIT(created, 2);
  CHECK_THAT(created.err,
             Catch::StartsWith("rev: error: rev.yaml:2: file_template '{slug}' does not contain "
                               "{rev}\n  hint: ") &&
                 Catch::Contains("put {rev} in file_template"));
  CHECK(p.RevisionFiles().empty());
}

TEST_CASE("a version_table that is a list is refused with the fix", "[cli][locations]") {
  Project p("revisions: revisions\nversion_table: [rev_version, other]\n");
  p.Revision("a1");
  auto heads = p.Rev({"heads"});
  REV_CHECK_EXIT(heads, 2);
  CHECK(heads.err ==
        "rev: error: rev.yaml:2: version_table must be a single value\n"
        "  hint: write one value after `version_table:` (for example "
        "`version_table: rev_version`), not a list or a mapping\n");
}

TEST_CASE("a bad --branch-label is refused with what a label may be", "[cli][locations]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  for (const std::string& label :
       std::vector<std::string>{"two words", "head", "", std::string(65, 'x')}) {
    INFO("--branch-label '" << label << "'");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"create", "x", "--head", "b2", "--branch-label", label},
          {"merge", "heads", "-m", "x", "--branch-label", label}}) {
      auto result = p.Rev(args);
      REV_CHECK_EXIT(result, 2);
      CHECK_THAT(result.err, Catch::StartsWith("rev: error: ") &&
                                 Catch::Contains("\n  hint: --branch-label takes 1-64 of letters, "
                                                 "digits, '_', '.' and '-'"));
    }
  }
  CHECK(p.RevisionFiles().size() == 3);
}

}  // namespace
}  // namespace rev::testing
