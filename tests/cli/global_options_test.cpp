// The global options, help and version, usage errors, and where rev.yaml is found.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

TEST_CASE("the version flag names the program so it is not util-linux rev", "[cli][global]") {
  auto result = RunRev({"--version"});
  REV_CHECK_EXIT(result, 0);
  CHECK_THAT(result.out, Catch::Matches("rev [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit "
                                        "([0-9a-f]{7}(-dirty)?|unknown), SQLite 3\\.[0-9.]+, "
                                        "libpq [0-9]+\\.[0-9]+(\\.[0-9]+)?\\)\n"));
}

TEST_CASE("the version flag names the commit the build came from", "[cli][global]") {
  auto head = RunProcess({"git", "-C", REV_SOURCE_DIR, "rev-parse", "--short=7", "HEAD"});
  auto version = RunRev({"--version"});
  REV_REQUIRE_EXIT(version, 0);
  if (head.exit_code == 0) {  // a git checkout: its commit (the build is as new as it)
    CHECK_THAT(version.out, Catch::Contains("(commit " + SplitLines(head.out).at(0)));
  } else {  // sources without git: said so
    CHECK_THAT(version.out, Catch::Contains("(commit unknown, "));
  }
}

TEST_CASE("the version flag says so when the PostgreSQL module is missing", "[cli][global]") {
  // rev alone in a folder: no rev-postgres.so beside it, nor in ../lib/rev.
  TempDir dir;
  std::filesystem::path lone = dir / "bin" / "rev";
  std::filesystem::create_directories(lone.parent_path());
  std::error_code error;
  std::filesystem::create_hard_link(RevBinary(), lone, error);
  if (error) std::filesystem::copy_file(RevBinary(), lone);
  auto result = RunProcess({lone.string(), "--version"});
  REV_CHECK_EXIT(result, 0);
  CHECK_THAT(result.out, Catch::Contains(", libpq: module not found)\n") &&
                             Catch::StartsWith("rev ") && Catch::Contains("SQLite 3."));
}

TEST_CASE("the help flag exits 0 and lists the commands", "[cli][global]") {
  auto result = RunRev({"--help"});
  REV_CHECK_EXIT(result, 0);
  for (const char* command : {"init", "create", "heads", "branches", "history", "show", "merge",
                              "validate", "upgrade", "downgrade"}) {
    CHECK_THAT(result.out, Catch::Contains(command));
  }
  REV_CHECK_EXIT(RunRev({"create", "--help"}), 0);
}

TEST_CASE("bad usage exits 2 with rev: error: and a hint", "[cli][global]") {
  Project p;
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--no-such-option"},
                                               {"frobnicate"},
                                               {"show"},
                                               {"create"},
                                               {"heads", "extra"},
                                               {}}) {
    auto result = p.Rev(args);
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Catch::Contains("rev: error: ") && Catch::Contains("hint: "));
  }
}

TEST_CASE("rev.yaml is searched upward, -c names one elsewhere", "[cli][global]") {
  Project p;
  p.Revision("a1");
  std::filesystem::create_directories(p.root() / "src/deep");
  auto below = p.Rev({"heads"}, In(p.root() / "src/deep"));
  REV_CHECK_EXIT(below, 0);
  CHECK(below.out == "a1 (head)\n");

  TempDir elsewhere;
  auto with_c = RunRev({"-c", p.config().string(), "history", "--json"}, In(elsewhere.path()));
  REV_CHECK_EXIT(with_c, 0);
  auto revisions = JsonOf(with_c)["revisions"];
  REQUIRE(revisions.size() == 1);
  CHECK(revisions[0]["path"] == (p.revisions_dir() / "a1_revision_a1.sql").string());

  auto missing = RunRev({"-c", (elsewhere / "nope.yaml").string(), "heads"}, In(elsewhere.path()));
  REV_CHECK_EXIT(missing, 2);
  CHECK_THAT(missing.err, Catch::Contains("nope.yaml"));
}

TEST_CASE("no colour codes when stdout and stderr are not terminals", "[cli][global]") {
  Project p;
  p.Revision(Rev("a1").NoDowngrade());
  p.Revision("b2");
  ProcessOptions options;
  options.env["NO_COLOR"] = std::nullopt;
  options.env["TERM"] = "xterm-256color";
  options.cwd = p.root();
  auto result = RunRev({"validate"}, options);
  REV_CHECK_EXIT(result, 1);
  CHECK(result.out.find('\033') == std::string::npos);
  CHECK(result.err.find('\033') == std::string::npos);
}

TEST_CASE("database URL precedence: --database over REV_DATABASE_URL over --env over rev.yaml",
          "[cli][global]") {
  // With a schema, PostgreSQL's script names app.rev_version and SQLite's rev_version.
  Project p(
      "revisions: revisions\ndatabase: sqlite:///app.db\nversion_table_schema: app\n"
      "environments:\n  prod:\n    database: postgresql://prod/app\n");
  p.Revision("a1");
  auto sqlite = p.Rev({"upgrade", "--sql"});
  auto env = p.Rev({"upgrade", "--sql", "-e", "prod"});
  REV_REQUIRE_EXIT(sqlite, 0);
  REV_REQUIRE_EXIT(env, 0);
  CHECK(sqlite.out.find("app.rev_version") == std::string::npos);
  CHECK_THAT(env.out, Catch::Contains("INSERT INTO app.rev_version"));
  ProcessOptions with_url;
  with_url.env["REV_DATABASE_URL"] = "postgresql://other/app";
  with_url.cwd = p.root();
  auto from_env_var = RunRev({"upgrade", "--sql"}, with_url);
  CHECK(from_env_var.out == env.out);
  auto flag_wins = RunRev({"upgrade", "--sql", "-d", "sqlite:///x.db", "-e", "prod"}, with_url);
  CHECK(flag_wins.out == sqlite.out);

  auto unknown = p.Rev({"upgrade", "--sql", "-e", "staging"});
  REV_CHECK_EXIT(unknown, 2);
  CHECK_THAT(unknown.err, Catch::Contains("staging") && Catch::Contains("prod"));
}

}  // namespace
}  // namespace rev::testing
