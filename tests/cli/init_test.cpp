// `rev init`: a new project, never over an existing one.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

TEST_CASE("init writes rev.yaml and revisions/, and the project validates", "[cli][init]") {
  TempDir dir;
  auto result = RunRev({"init"}, {dir.path(), {{"NO_COLOR", "1"}}, std::nullopt, 60});
  REV_REQUIRE_EXIT(result, 0);
  CHECK(std::filesystem::is_regular_file(dir / "rev.yaml"));
  CHECK(std::filesystem::is_directory(dir / "revisions"));
  CHECK_THAT(result.out, Catch::Contains("rev.yaml"));
  CHECK_THAT(ReadFile(dir / "rev.yaml"), Catch::Contains("revisions: revisions"));
  REV_CHECK_EXIT(RunRev({"validate"}, {dir.path(), {}, std::nullopt, 60}), 0);
}

TEST_CASE("init DIR makes the folder, --json says what it wrote", "[cli][init]") {
  TempDir dir;
  auto result = RunRev({"--json", "init", "app/db"}, {dir.path(), {}, std::nullopt, 60});
  REV_REQUIRE_EXIT(result, 0);
  auto document = JsonOf(result);
  CHECK(document["config"] == "app/db/rev.yaml");
  CHECK(document["revisions"] == "app/db/revisions/");
  CHECK(std::filesystem::is_regular_file(dir / "app/db/rev.yaml"));
  CHECK(std::filesystem::is_directory(dir / "app/db/revisions"));
}

TEST_CASE("init refuses an existing rev.yaml and changes nothing", "[cli][init]") {
  Project p("revisions: migrations\n");
  auto before = p.Snapshot();
  auto result = p.Rev({"init"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Catch::StartsWith("rev: error: rev.yaml already exists"));
  CHECK(p.Snapshot() == before);
}

}  // namespace
}  // namespace rev::testing
