// A revision that deliberately does nothing: its upgrade section holds comments alone. It is
// accepted by validate, --sql and runs on every kind under test, while a section left empty
// (what `rev create` writes) is still refused, with the way to mark a no-op in the hint.
#include <catch2/catch.hpp>

#include "tests/support/db_project.h"

namespace rev::testing {
namespace {

using Catch::Contains;

TEST_CASE("a revision of comments alone validates, upgrades and downgrades as a no-op",
          "[cli][db][noop]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  Rev outside{"c", {"b"}, "/* nothing to do outside a transaction either */", {}};
  outside.transactional = false;
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"},
           {"b", {"a"}, "-- only the other database kind changed in this version\n", ""},
           outside,
           {"d", {"c"}, "CREATE TABLE t2 (x INTEGER);", "DROP TABLE t2;"}});

  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 0);
  CHECK_THAT(validate.out + validate.err, !Contains("empty-upgrade"));

  auto sql = p.Rev({"upgrade", "--sql"});
  REV_REQUIRE_EXIT(sql, 0);
  CHECK_THAT(sql.out, Contains("-- only the other database kind changed in this version"));

  auto up = p.Rev({"upgrade"});
  REV_REQUIRE_EXIT(up, 0);
  CHECK_THAT(up.out, Contains("Applied 4 steps"));
  CHECK(p.Heads() == Lines{"d"});
  CHECK(p.HasTable("t2"));

  auto down = p.Rev({"downgrade", "base"});
  REV_REQUIRE_EXIT(down, 0);
  CHECK(p.Heads().empty());
  CHECK_FALSE(p.HasTable("t1"));
  CHECK(p.History() == Lines{"a upgrade applied", "b upgrade applied", "c upgrade applied",
                             "d upgrade applied", "d downgrade applied", "c downgrade applied",
                             "b downgrade applied", "a downgrade applied"});
}

TEST_CASE("a created revision left unedited is refused, and the hint says how to mark a no-op",
          "[cli][noop]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  REV_REQUIRE_EXIT(p.Rev({"create", "nothing yet", "--rev-id", "a1"}), 0);

  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out + validate.err,
             Contains("revisions/a1_nothing_yet.sql") && Contains("empty upgrade section") &&
                 Contains("deliberately does nothing") && Contains("comment"));

  auto sql = p.Rev({"upgrade", "--sql"});
  REV_CHECK_EXIT(sql, 2);
  CHECK(sql.out.empty());
  CHECK_THAT(sql.err, Contains("empty upgrade section") && Contains("comment"));

  // A comment under the marker is the whole fix.
  std::string text = ReadFile(p.revisions_dir() / "a1_nothing_yet.sql");
  size_t marker = text.find("-- rev:upgrade\n");
  REQUIRE(marker != std::string::npos);
  text.insert(marker + 15, "-- no-op: only PostgreSQL changed in this version\n");
  WriteFile(p.revisions_dir() / "a1_nothing_yet.sql", text);
  REV_CHECK_EXIT(p.Rev({"validate"}), 0);
  auto fixed = p.Rev({"upgrade", "--sql"});
  REV_CHECK_EXIT(fixed, 0);
  CHECK_THAT(fixed.out, Contains("-- no-op: only PostgreSQL changed in this version"));
}

}  // namespace
}  // namespace rev::testing
