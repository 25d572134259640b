// rev loads its PostgreSQL backend from a module (engine/backends/postgres_module.h): beside the
// executable in the build tree, from <prefix>/lib/rev once installed. Without it, SQLite
// still works and a PostgreSQL URL gets an error that says what is missing and the fix.
#include <catch2/catch.hpp>

#include "tests/support/db_project.h"
#include "tests/support/exit_checks.h"

namespace rev::testing {
namespace {

using Catch::Contains;
namespace fs = std::filesystem;

// A project over the database `kind`, with one revision.
void WriteOneRevision(DbProject& p) {
  p.Write({{"a", {}, "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;"}});
}

TEST_CASE("rev without its PostgreSQL module still serves SQLite, and says what is missing",
          "[cli][db][module]") {
  TempDir bin;
  fs::copy_file(RevBinary(), bin / "rev");
  fs::permissions(bin / "rev", fs::perms::owner_all);
  DbProject sqlite(engine::backends::DatabaseKind::kSqlite);
  WriteOneRevision(sqlite);
  ProcessResult up = RunProcess({(bin / "rev").string(), "upgrade"}, sqlite.Options());
  REV_CHECK_EXIT(up, 0);

  ProcessResult postgres =
      RunProcess({(bin / "rev").string(), "-d", "postgresql://nobody@127.0.0.1:1/none", "current"},
                 sqlite.Options());
  REV_CHECK_EXIT(postgres, 2);
  CHECK_THAT(postgres.err, Contains("PostgreSQL module rev-postgres.so was not found") &&
                               Contains((bin / "rev-postgres.so").string()) &&
                               Contains("cmake --install"));
}

TEST_CASE("an installed rev finds its PostgreSQL module in lib/rev", "[cli][db][module]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TempDir prefix;
  fs::path build = fs::path(RevBinary()).parent_path();
  ProcessResult install =
      RunProcess({"cmake", "--install", build.string(), "--prefix", prefix.path().string()}, {});
  REV_REQUIRE_EXIT(install, 0);
  CHECK(fs::exists(prefix / "lib/rev/rev-postgres.so"));

  DbProject p(kind);
  WriteOneRevision(p);
  ProcessResult up = RunProcess({(prefix / "bin/rev").string(), "upgrade"}, p.Options());
  REV_CHECK_EXIT(up, 0);
  CHECK(p.Heads() == std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace rev::testing
