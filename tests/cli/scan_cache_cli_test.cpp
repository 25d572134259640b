// The scan cache through the built binary: a successful command keeps it in .rev/, which
// git is told to ignore; a command refusing bad input writes nothing (the bad input tests
// compare the whole project before and after).
#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/exit_checks.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

TEST_CASE("a successful command keeps the scan cache in .rev/, ignored by git", "[cli][cache]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  REV_REQUIRE_EXIT(p.Rev({"heads"}), 0);
  CHECK(std::filesystem::exists(p.root() / ".rev" / "scan-cache"));
  std::ifstream ignore(p.root() / ".rev" / ".gitignore");
  std::string rules((std::istreambuf_iterator<char>(ignore)), {});
  CHECK_THAT(rules, Catch::Contains("\n*\n"));
  // Again, and after an edit: the same answers.
  CHECK(p.Rev({"heads"}).out == "b2 (head)\n");
  p.Revision({"c3", {"b2"}});
  CHECK(p.Rev({"heads"}).out == "c3 (head)\n");
}

TEST_CASE("a command that fails writes no scan cache", "[cli][cache]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "head", "--sql"}), 2);  // two heads
  CHECK_FALSE(std::filesystem::exists(p.root() / ".rev"));
}

}  // namespace
}  // namespace rev::testing
