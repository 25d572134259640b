// ReadAlembic on what it must refuse, each time with the file (and line) and the fix: a
// folder that is no Alembic project, revisions whose offline SQL Alembic cannot produce,
// a Python without Alembic, a failing env.py, a revision file that does not load.
#include <atomic>
#include <catch2/catch.hpp>

#include "engine/importers/readers.h"
#include "tests/support/alembic_project.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::importers::ImportedProject;
using engine::importers::ReadAlembic;
using engine::importers::ReadOptions;
namespace fs = std::filesystem;

ReadOptions WithPython(const std::string& python = kAlembicPython) {
  ReadOptions options;
  options.python = python;
  return options;
}

// The 1-based line of `file` that holds `text` (0 when none does).
int LineOf(const fs::path& file, const std::string& text) {
  std::vector<std::string> lines = SplitLines(ReadFile(file));
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(text) != std::string::npos) return static_cast<int>(i) + 1;
  }
  return 0;
}

const AlembicRevision kUsers{"a1",
                             "None",
                             "create users",
                             {"op.create_table('users', sa.Column('id', sa.Integer))"},
                             {"op.drop_table('users')"}};

TEST_CASE("ReadAlembic refuses a folder without alembic.ini, saying which folder to give") {
  TempDir dir;
  WriteFile(dir / "versions" / "a1_x.py", "revision = 'a1'\ndown_revision = None\n");
  auto project = ReadAlembic(dir.path(), WithPython());
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(),
             Catch::Contains(dir.path().string()) && Catch::Contains("alembic.ini"));
  CHECK_THAT(project.status().hint(), Catch::Contains("alembic init"));
}

TEST_CASE("Revisions that need a live database are each named with Python's error") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  fs::path backfill =
      alembic.Add({"h8",
                   "'a1'",
                   "backfill names",
                   {"rows = op.get_bind().execute(sa.text('SELECT id FROM users')).fetchall()",
                    "for row in rows:", "    op.execute(f'UPDATE users SET id = {row[0]}')"}});
  fs::path cleanup = alembic.Add({"i9",
                                  "'h8'",
                                  "cleanup",
                                  {"pass"},
                                  {"count = op.get_bind().execute(sa.text('SELECT 1')).scalar()"}});

  auto project = ReadAlembic(alembic.path(), WithPython());
  REQUIRE_FALSE(project.ok());
  const Status& status = project.status();
  CHECK(status.code() == StatusCode::kInvalidInput);
  CHECK_THAT(status.message(),
             Catch::Contains("2 revisions") && Catch::Contains("h8 (upgrade)") &&
                 Catch::Contains("i9 (downgrade)") &&
                 Catch::Contains("AttributeError: 'NoneType' object has no attribute 'fetchall'") &&
                 Catch::Contains(cleanup.string() + ":" +
                                 std::to_string(LineOf(cleanup, "op.get_bind()"))));
  REQUIRE(status.location().has_value());
  CHECK(status.location()->file == backfill.string());
  CHECK(status.location()->line == LineOf(backfill, "op.get_bind()"));
  CHECK_THAT(status.hint(), Catch::Contains("--sql"));
}

TEST_CASE("A downgrade that raises NotImplementedError is imported as no downgrade") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  alembic.Add({"b2",
               "'a1'",
               "one way",
               {"op.add_column('users', sa.Column('x', sa.Integer))"},
               {"raise NotImplementedError('this revision cannot be undone')"}});
  auto project = ReadAlembic(alembic.path(), WithPython());
  INFO(project.status().ToString());
  REQUIRE(project.ok());
  REQUIRE(project->migrations.size() == 2);
  CHECK(project->migrations[1].key == "b2");
  CHECK_FALSE(project->migrations[1].downgrade_sql.has_value());
  CHECK(project->migrations[0].downgrade_sql == std::string("DROP TABLE users;\n"));
}

TEST_CASE("A Python without Alembic is refused, saying how to install it") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  // The same Python without its site packages (-S), where Debian's Alembic lives.
  TempDir bin;
  fs::path bare = bin / "python3";
  WriteFile(bare, std::string("#!/bin/sh\nexec ") + kAlembicPython + " -S \"$@\"\n");
  fs::permissions(bare, fs::perms::owner_all);

  auto project = ReadAlembic(alembic.path(), WithPython(bare.string()));
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(),
             Catch::Contains("cannot import Alembic") && Catch::Contains(bare.string()));
  CHECK_THAT(project.status().hint(),
             Catch::Contains("apt install python3-alembic") && Catch::Contains("--python"));

  auto missing = ReadAlembic(alembic.path(), WithPython("rev-test-no-such-python"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(missing.status().message(), Catch::Contains("rev-test-no-such-python"));
  CHECK_THAT(missing.status().hint(), Catch::Contains("apt install python3-alembic"));
}

TEST_CASE("An env.py that fails offline is reported with the end of its traceback") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  fs::path env_py = alembic.path() / "alembic" / "env.py";
  std::string text = ReadFile(env_py);
  const std::string anchor = "config = context.config\n";
  REQUIRE(text.find(anchor) != std::string::npos);
  text.replace(text.find(anchor), anchor.size(),
               anchor + "raise RuntimeError('APP_SETTINGS is not set')\n");
  WriteFile(env_py, text);

  auto project = ReadAlembic(alembic.path(), WithPython());
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(),
             Catch::Contains("env.py") && Catch::Contains("RuntimeError: APP_SETTINGS is not set"));
  REQUIRE(project.status().location().has_value());
  CHECK(project.status().location()->file == env_py.string());
  CHECK(project.status().location()->line == LineOf(env_py, "APP_SETTINGS"));
}

TEST_CASE("An env.py that runs the migrations twice (multidb) is refused") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  fs::path env_py = alembic.path() / "alembic" / "env.py";
  std::string text = ReadFile(env_py);
  const std::string run = "        context.run_migrations()\n";
  REQUIRE(text.find(run) != std::string::npos);  // the first is run_migrations_offline's
  text.replace(text.find(run), run.size(), run + run);
  WriteFile(env_py, text);

  auto project = ReadAlembic(alembic.path(), WithPython());
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(), Catch::Contains("more than once"));
  REQUIRE(project.status().location().has_value());
  CHECK(project.status().location()->file == env_py.string());
}

TEST_CASE("A revision file that does not load is named with its line") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  fs::path broken =
      alembic.Add({"b2", "'a1'", "broken", {"op.add_column('users', sa.Column('x', sa.Integer)"}});
  auto project = ReadAlembic(alembic.path(), WithPython());
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(), Catch::Contains("SyntaxError"));
  REQUIRE(project.status().location().has_value());
  CHECK(project.status().location()->file == broken.string());
  CHECK(project.status().location()->line > 0);
}

TEST_CASE("Two Alembic revision files with the same id are refused, naming both") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  AlembicRevision copy = kUsers;
  copy.message = "create users again";
  alembic.Add(copy);
  auto project = ReadAlembic(alembic.path(), WithPython());
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(project.status().message(),
             Catch::Contains("a1 is in two files") &&
                 Catch::Contains(AlembicProject::FileOf(kUsers).string()) &&
                 Catch::Contains(AlembicProject::FileOf(copy).string()));
  REQUIRE(project.status().location().has_value());
  CHECK(project.status().location()->line == 1);
}

TEST_CASE("ReadAlembic stops when interrupted") {
  TestDatabase db(DatabaseKind::kSqlite);
  AlembicProject alembic(SqlalchemyUrl(db), {kUsers});
  std::atomic<bool> interrupted{true};
  ReadOptions options = WithPython();
  options.interrupted = &interrupted;
  auto project = ReadAlembic(alembic.path(), options);
  REQUIRE_FALSE(project.ok());
  CHECK(project.status().code() == StatusCode::kInterrupted);
}

}  // namespace
}  // namespace rev::testing
