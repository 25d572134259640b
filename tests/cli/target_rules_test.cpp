// Alembic's target rules that SPEC §1–2 spell out: a depends_on naming a branch label, and
// label@PREFIX looked up on the branch (db_overlap_test.cpp has the third: overlapping
// heads).
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

using Catch::Contains;

// a ─ b (declares `core`) ─ c      x (declares `ui`) ─ y, y depends on `core`
void CoreAndUi(Project& p) {
  p.Revision("a0000001");
  p.Revision(Rev("b0000002", {"a0000001"})
                 .Labels({"core"})
                 .Upgrade("CREATE TABLE core_t (x INT);")
                 .Downgrade("DROP TABLE core_t;"));
  p.Revision({"c0000003", {"b0000002"}});
  p.Revision(Rev("x0000004").Labels({"ui"}));
  p.Revision(Rev("y0000005", {"x0000004"})
                 .DependsOn({"core"})
                 .Upgrade("INSERT INTO core_t VALUES (1);")
                 .Downgrade("DELETE FROM core_t;"));
}

TEST_CASE("depends_on may name a branch label: the revision that declares it", "[cli]") {
  Project p;
  CoreAndUi(p);
  REV_CHECK_EXIT(p.Rev({"validate"}), 0);

  auto heads = p.Rev({"heads", "--json"});
  REV_REQUIRE_EXIT(heads, 0);
  CHECK(JsonOf(heads)["heads"] == nlohmann::json({"c0000003", "y0000005"}));

  auto history = JsonOf(p.Rev({"history", "--json"}));
  for (const auto& entry : history["revisions"]) {
    if (entry["revision"] == "y0000005") CHECK(entry["depends_on"] == nlohmann::json({"b0000002"}));
  }
  auto shown = p.Rev({"show", "y0000005"});
  REV_REQUIRE_EXIT(shown, 0);
  CHECK_THAT(shown.out, Contains("Also depends on: core (b0000002)"));

  // The script and the run both apply the labelled revision first, not its branch's head.
  auto sql = p.Rev({"upgrade", "y0000005", "--sql"});
  REV_REQUIRE_EXIT(sql, 0);
  CHECK(sql.out.find("Running upgrade a0000001 -> b0000002") < sql.out.find("-> y0000005"));
  CHECK(sql.out.find("c0000003") == std::string::npos);
  auto run = p.Rev({"upgrade", "y0000005"});
  REV_REQUIRE_EXIT(run, 0);
  auto current = p.Rev({"current", "--json"});
  REV_REQUIRE_EXIT(current, 0);
  CHECK(JsonOf(current)["current"] == nlohmann::json({"y0000005"}));
}

TEST_CASE("a depends_on naming no revision and no label is reported where it is written", "[cli]") {
  Project p;
  p.Revision("a0000001");
  p.Revision(Rev("b0000002", {"a0000001"}).DependsOn({"no-such-label"}));
  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Contains("b0000002") && Contains("no-such-label"));
  REV_CHECK_EXIT(p.Rev({"heads"}), 2);
}

TEST_CASE("label@PREFIX resolves the prefix among that branch's revisions", "[cli]") {
  Project p;
  p.Revision("0000base");
  p.Revision(Rev("abcd1111", {"0000base"}).Labels({"shop"}));
  p.Revision(Rev("abcd2222", {"0000base"}).Labels({"blog"}));
  auto ambiguous = p.Rev({"show", "abcd"});
  REV_CHECK_EXIT(ambiguous, 2);
  CHECK_THAT(ambiguous.err, Contains("abcd1111") && Contains("abcd2222"));
  auto on_branch = p.Rev({"show", "blog@abcd"});
  REV_REQUIRE_EXIT(on_branch, 0);
  CHECK_THAT(on_branch.out, Contains("Rev: abcd2222"));
  auto sql = p.Rev({"upgrade", "shop@abcd", "--sql"});
  REV_REQUIRE_EXIT(sql, 0);
  CHECK_THAT(sql.out, Contains("-> abcd1111") && !Contains("abcd2222"));
}

}  // namespace
}  // namespace rev::testing
