// A target that would leave the version table with a revision and its ancestor both as
// heads (they overlap, as Alembic says) is refused before anything runs, exit 2, naming
// both and the fix.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"

namespace rev::testing {
namespace {

using Catch::Contains;

TEST_CASE("a target that would leave a revision and its ancestor as heads is refused",
          "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  // A version table edited by hand (or adopted from elsewhere) that holds b and its parent a.
  p.db().Execute("INSERT INTO rev_version (version_num) VALUES ('a')");

  auto refused = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(refused, 2);
  CHECK_THAT(refused.err, Contains("c and its ancestor a") && Contains("rev stamp c"));
  CHECK_FALSE(p.HasTable("t3"));
  auto dry_run = p.Rev({"upgrade", "--dry-run"});
  REV_CHECK_EXIT(dry_run, 2);

  REV_REQUIRE_EXIT(p.Rev({"stamp", "b"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.HasTable("t3"));
}

}  // namespace
}  // namespace rev::testing
