// `rev stamp` through the built binary, on every kind of database under test: heads the
// folder does not know are refused (exit 4) until `rev stamp --purge` settles them, and an
// existing Alembic `alembic_version` table is adopted as the version table.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using nlohmann::json;

TEST_CASE("Heads the folder does not know: refused with exit 4, stamp needs --purge", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  // A deploy from another checkout left a head of its own.
  p.db().Execute("INSERT INTO rev_version (version_num) VALUES ('f00dfeed0001')");

  auto upgrade = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(upgrade, 4);
  CHECK_THAT(upgrade.err, Contains("f00dfeed0001"));
  REV_CHECK_EXIT(p.Rev({"downgrade", "-1"}), 4);
  auto status = JsonOf(p.Rev({"status", "--json"}));
  CHECK(status["unknown"] == json::array({"f00dfeed0001"}));

  auto refused = p.Rev({"stamp", "b"});
  REV_REQUIRE_EXIT(refused, 4);
  CHECK_THAT(refused.err, Contains("f00dfeed0001") && Contains("does not know") &&
                              Contains("rev stamp --purge"));
  CHECK(p.Heads() == Lines{"b", "f00dfeed0001"});

  auto purged = p.Rev({"stamp", "--purge", "b"});
  REV_REQUIRE_EXIT(purged, 0);
  CHECK_THAT(purged.out, Contains("Stamped b (was b, f00dfeed0001); no SQL was run."));
  CHECK(p.Heads() == Lines{"b"});
  CHECK(p.History().back() == "b stamp stamped");
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  CHECK(p.Heads() == Lines{"c"});
  CHECK(p.HasTable("t3"));
}

TEST_CASE("A version-table row that is not a revision id: refused until stamp --purge",
          "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  // Edited by hand: no revision can be named so.
  p.db().Execute("UPDATE rev_version SET version_num = 'not an id!'");

  for (const Lines& args : {Lines{"status"}, Lines{"upgrade"}, Lines{"stamp", "b"}}) {
    auto refused = p.Rev(args);
    REV_REQUIRE_EXIT(refused, 4);
    CHECK_THAT(refused.err, Contains("rev_version") && Contains("'not an id!'") &&
                                Contains("not a revision id") && Contains("rev stamp --purge"));
  }
  CHECK(p.Heads() == Lines{"not an id!"});

  auto purged = p.Rev({"stamp", "--purge", "b"});
  REV_REQUIRE_EXIT(purged, 0);
  CHECK_THAT(purged.out,
             Contains("Stamped b (was rows that are not revision ids); no SQL was run."));
  CHECK(p.Heads() == Lines{"b"});
  REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
  CHECK(p.Heads() == Lines{"c"});
}

// The table as Alembic creates it, at `head`, with the tables of a and b made by Alembic.
void AlembicDatabase(DbProject& p, const std::string& head) {
  p.db().Execute(
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
  p.db().Execute("INSERT INTO alembic_version (version_num) VALUES ('" + head + "')");
  p.db().Execute("CREATE TABLE t1 (x INTEGER)");
  p.db().Execute("CREATE TABLE t2 (x INTEGER)");
}

TEST_CASE("An Alembic database is adopted through version_table: alembic_version", "[cli][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind, "version_table: alembic_version\n");
  p.Write(TableChain(3));

  SECTION("with the revision ids Alembic used") {
    AlembicDatabase(p, "b");
    auto current = JsonOf(p.Rev({"current", "--json"}));
    CHECK(current["current"] == json::array({"b"}));
    auto status = JsonOf(p.Rev({"status", "--json"}));
    CHECK(status["pending"] == json::array({"c"}));
  }
  SECTION("with ids of Alembic's own, settled by stamp --purge") {
    AlembicDatabase(p, "1975ea83b712");
    auto refused = p.Rev({"upgrade"});
    REV_REQUIRE_EXIT(refused, 4);
    CHECK_THAT(refused.err, Contains("1975ea83b712"));
    REV_CHECK_EXIT(p.Rev({"stamp", "b"}), 4);
    REV_REQUIRE_EXIT(p.Rev({"stamp", "--purge", "b"}), 0);
    CHECK(p.Heads("alembic_version") == Lines{"b"});
  }

  auto up = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(up, 0);
  CHECK_THAT(up.out, Contains("Applied 1 step"));
  CHECK(p.Heads("alembic_version") == Lines{"c"});
  CHECK(p.HasTable("t3"));
  CHECK_FALSE(p.HasTable("rev_version"));  // Alembic's table is the version table
  CHECK(p.History().back() == "c upgrade applied");
  REV_REQUIRE_EXIT(p.Rev({"downgrade", "-1"}), 0);
  CHECK(p.Heads("alembic_version") == Lines{"b"});
  CHECK_FALSE(p.HasTable("t3"));
}

}  // namespace
}  // namespace rev::testing
