// The speed `rev import alembic` promises: a 200-revision project is read in about the
// time of Alembic's own offline runs over it (one Python process for the whole project,
// never one per revision).
#include <catch2/catch.hpp>
#include <chrono>

#include "engine/importers/readers.h"
#include "tests/support/alembic_project.h"

namespace rev::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kRevisions = 200;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string IdOf(int i) { return "r" + std::to_string(1000 + i); }

TEST_CASE("A 200-revision Alembic project is read in the time of Alembic's offline runs") {
  TestDatabase db(engine::backends::DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db));
  for (int i = 0; i < kRevisions; ++i) {
    const std::string table = "t" + std::to_string(i);
    alembic.Add(
        {IdOf(i),
         i == 0 ? "None" : "'" + IdOf(i - 1) + "'",
         "step " + std::to_string(i),
         {"op.create_table('" + table + "', sa.Column('id', sa.Integer, primary_key=True),",
          "                sa.Column('name', sa.String(50)))",
          "op.create_index('ix_" + table + "', '" + table + "', ['name'])"},
         {"op.drop_index('ix_" + table + "', '" + table + "')", "op.drop_table('" + table + "')"}});
  }

  // Alembic's own: all upgrades, then all downgrades, as SQL.
  Clock::time_point start = Clock::now();
  alembic.RequireRun({"upgrade", "base:heads", "--sql"});
  alembic.RequireRun({"downgrade", "heads:base", "--sql"});
  const double alembic_seconds = SecondsSince(start);

  engine::importers::ReadOptions options;
  options.python = kAlembicPython;
  start = Clock::now();
  auto project = engine::importers::ReadAlembic(alembic.path(), options);
  const double import_seconds = SecondsSince(start);
  INFO(project.status().ToString());
  REQUIRE(project.ok());
  REQUIRE(project->migrations.size() == static_cast<size_t>(kRevisions));
  CHECK(project->migrations.back().key == IdOf(kRevisions - 1));
  CHECK(project->migrations.back().upgrade_sql.find("CREATE INDEX ix_t199 ON t199 (name);") !=
        std::string::npos);

  INFO("Alembic's two offline runs: " << alembic_seconds << " s; ReadAlembic: " << import_seconds
                                      << " s");
  // Measured at about half of Alembic's two runs; one process per revision would take
  // some sixty times as long. The margin is for a loaded machine.
  CHECK(import_seconds < 1.5 * alembic_seconds);
}

}  // namespace
}  // namespace rev::testing
