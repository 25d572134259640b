// Every run (restore, replay, stamp, repair, upgrade, downgrade) reports in one shape with
// --json: the command, its steps with their heads before and after, and where it began and
// ended, through the built binary on every kind of database under test.
#include <catch2/catch.hpp>

#include "tests/support/json_output.h"
#include "tests/support/restorable.h"

namespace rev::testing {
namespace {

using nlohmann::json;

// The fields every run's document has.
void CheckRun(const json& document, const std::string& command, const json& from,
              const json& heads) {
  CHECK(document["command"] == command);
  CHECK(document["from"] == from);
  CHECK(document["heads"] == heads);
  CHECK(document["steps"].is_array());
  CHECK_FALSE(document.contains("error"));
}

// One step, as the history records it.
void CheckStep(const json& step, const json& revision, const std::string& direction,
               const json& from, const json& to, const std::string& status) {
  CHECK(step["revision"] == revision);
  CHECK(step["direction"] == direction);
  CHECK(step["from"] == from);
  CHECK(step["to"] == to);
  CHECK(step["status"] == status);
  CHECK(step["duration_ms"].is_number());
}

TEST_CASE("Every run's --json has one shape: command, steps, from, heads", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);  // at d, with a backup taken at a

  json restore = JsonOf(r.p.Rev({"restore", r.backup, "--yes", "--json"}));
  CheckRun(restore, "restore", {"a"}, {"d"});
  REQUIRE(restore["steps"].size() == 3);
  CheckStep(restore["steps"][0], "b", "upgrade", {"a"}, {"b"}, "applied");
  CHECK(restore["replayed"] == 3);
  CHECK(restore["target"] == json{"d"});

  json downgrade = JsonOf(r.p.Rev({"downgrade", "-1", "--json"}));
  CheckRun(downgrade, "downgrade", {"d"}, {"c"});
  REQUIRE(downgrade["steps"].size() == 1);
  CheckStep(downgrade["steps"][0], "d", "downgrade", {"d"}, {"c"}, "applied");

  json upgrade = JsonOf(r.p.Rev({"upgrade", "--json"}));
  CheckRun(upgrade, "upgrade", {"c"}, {"d"});
  REQUIRE(upgrade["steps"].size() == 1);
  CheckStep(upgrade["steps"][0], "d", "upgrade", {"c"}, {"d"}, "applied");
  CHECK(upgrade["applied"] == 1);

  json stamp = JsonOf(r.p.Rev({"stamp", "c", "--json"}));
  CheckRun(stamp, "stamp", {"d"}, {"c"});
  REQUIRE(stamp["steps"].size() == 1);
  CheckStep(stamp["steps"][0], "c", "stamp", {"d"}, {"c"}, "stamped");

  json repair = JsonOf(r.p.Rev({"repair", "--yes", "--json"}));
  CheckRun(repair, "repair", {"c"}, {"c"});
  CHECK(repair["steps"].empty());
}

TEST_CASE("A repair that settles something reports its one repaired step", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Restorable r(kind);
  WriteFile(r.p.FileOf("b"), ReadFile(r.p.FileOf("b")) + "-- edited after it ran\n");
  json repair = JsonOf(r.p.Rev({"repair", "--yes", "--json"}));
  CheckRun(repair, "repair", {"d"}, {"d"});
  REQUIRE(repair["steps"].size() == 1);
  CheckStep(repair["steps"][0], nullptr, "repair", {"d"}, {"d"}, "repaired");
}

}  // namespace
}  // namespace rev::testing
