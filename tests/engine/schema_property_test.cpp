// The schema engine's property: for random valid schemas A and B (tests/support/
// random_schema.h), the migration rev generates from A to B is proven on a scratch
// database: the upgrade makes B, the downgrade A again, and the sample rows survive both
// ways. On both backends, with fixed seeds so that a failure can be run again.
#include <catch2/catch.hpp>

#include "revisions/join.h"
#include "tests/support/random_schema.h"
#include "tests/support/schema_fixtures.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;

TEST_CASE("Every migration generated between random schemas is proven", "[schema][property]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  int seeds = kind == DatabaseKind::kSqlite ? 300 : 15;
  for (int seed = 1; seed <= seeds; ++seed) {
    std::mt19937 random(static_cast<unsigned>(seed));
    RandomSchema before = MakeRandomSchema(kind, &random);
    std::vector<std::string> applied;
    RandomSchema after = ChangeRandomly(before, 1 + seed % 5, &random, &applied);
    INFO("backend " << engine::backends::DatabaseKindName(kind) << ", seed " << seed);
    INFO("changes: " << revisions::Join(applied, "; "));
    INFO("before:\n" << before.Sql() << "after:\n" << after.Sql());
    RequireProven(kind, before.Sql(), after.Sql());
  }
}

}  // namespace
}  // namespace rev::testing
