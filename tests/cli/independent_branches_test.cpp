// Branches meant to stay apart, as README.md advises: every one gets its own branch label,
// the trunk included, and validate accepts their heads; a labelled branch beside an
// unlabelled trunk is two heads, which validate refuses.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

// Runs `rev create ARGS` and writes SQL into both sections of the new file, as a person
// would before committing it.
void Create(const Project& p, const std::vector<std::string>& args) {
  std::vector<std::string> command = {"create"};
  command.insert(command.end(), args.begin(), args.end());
  auto created = p.Rev(command);
  REV_REQUIRE_EXIT(created, 0);
  auto file = p.root() / created.out.substr(0, created.out.find('\n'));
  std::string text = ReadFile(file);
  for (const auto& [marker, sql] :
       {std::pair<std::string, std::string>{"-- rev:upgrade\n", "SELECT 1;\n"},
        {"-- rev:downgrade\n", "SELECT 2;\n"}}) {
    size_t at = text.find(marker);
    REQUIRE(at != std::string::npos);
    text.insert(at + marker.size(), sql);
  }
  WriteFile(file, text);
}

TEST_CASE("independent branches each with a label, the trunk too, validate", "[cli][branches]") {
  Project p;
  Create(p, {"create users"});
  Create(p, {"add email", "--branch-label", "main"});  // the trunk's label
  Create(p, {"start reports", "--branch-label", "reports", "--head", "base"});
  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 0);
  CHECK(validate.out == "ok: 3 revisions, 2 heads\n");
  CHECK(validate.err.empty());

  // Each branch grows from NAME@head and the folder stays valid.
  Create(p, {"add orders", "--head", "main@head"});
  Create(p, {"index reports", "--head", "reports@head"});
  validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 0);
  CHECK(validate.out == "ok: 5 revisions, 2 heads\n");
  auto main_head = p.Rev({"show", "main@head", "--json"});
  REV_REQUIRE_EXIT(main_head, 0);
  CHECK(JsonOf(main_head)["revisions"][0]["message"] == "add orders");
  auto reports_head = p.Rev({"show", "reports@head", "--json"});
  REV_REQUIRE_EXIT(reports_head, 0);
  CHECK(JsonOf(reports_head)["revisions"][0]["message"] == "index reports");
}

TEST_CASE("a labelled branch beside an unlabelled trunk is two heads for validate",
          "[cli][branches]") {
  Project p;
  Create(p, {"create users"});
  Create(p, {"add email"});
  Create(p, {"start reports", "--branch-label", "reports", "--head", "base"});
  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Catch::Contains("error: 2 heads") &&
                               Catch::Contains("[multiple-heads]") &&
                               Catch::Contains("own branch label"));
}

}  // namespace
}  // namespace rev::testing
