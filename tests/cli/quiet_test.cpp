// -q/--quiet: only results and errors. Warnings (of revision files, rev.yaml and validate's
// findings) and notes are left out; errors, and warnings that --strict makes errors, stay.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

// A project whose only revision has a header key rev does not know (a warning), and whose
// rev.yaml has one too.
void WriteProjectWithWarnings(Project* p) {
  WriteFile(p->config(), "revisions: revisions\ncolour: blue\n");
  // owner: on line 5, after revision, down_revision, message and created_at.
  p->Revision(Rev("a1")
                  .Message("add users")
                  .Header("owner: sam")
                  .Sql("CREATE TABLE users (id int);", "DROP TABLE users;"));
}

TEST_CASE("quiet graph commands print their result without warnings", "[cli][quiet]") {
  Project p;
  WriteProjectWithWarnings(&p);
  auto loud = p.Rev({"heads"});
  REV_CHECK_EXIT(loud, 0);
  CHECK_THAT(loud.err, Catch::Contains("rev: warning: revisions/a1_add_users.sql:5: ") &&
                           Catch::Contains("rev: warning: rev.yaml:2: "));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-q", "heads"}, {"heads", "-q"}, {"--quiet", "heads"}}) {
    INFO("rev " << args[0] << " " << args[1]);
    auto quiet = p.Rev(args);
    REV_CHECK_EXIT(quiet, 0);
    CHECK(quiet.out == "a1 (head)\n");
    CHECK(quiet.err.empty());
  }
  auto history = p.Rev({"-q", "history"});
  REV_CHECK_EXIT(history, 0);
  CHECK_THAT(history.out, Catch::Contains("<base> -> a1 (head), add users"));
  CHECK(history.err.empty());
}

TEST_CASE("quiet create prints only the new file's path", "[cli][quiet]") {
  Project p;
  WriteProjectWithWarnings(&p);
  auto created = p.Rev({"-q", "create", "add orders"});
  REV_CHECK_EXIT(created, 0);
  CHECK_THAT(created.out, Catch::Matches("revisions/[0-9a-f]{12}_add_orders\\.sql\n"));
  CHECK(created.err.empty());
}

TEST_CASE("quiet validate prints error findings only, unless --strict makes warnings errors",
          "[cli][quiet]") {
  Project p;
  WriteProjectWithWarnings(&p);
  p.Revision(Rev("b2", {"a1"}).DependsOn({"zz99"}));  // an orphan: an error
  auto loud = p.Rev({"validate"});
  REV_CHECK_EXIT(loud, 1);
  CHECK_THAT(loud.out, Catch::Contains("[unknown-header-key]") && Catch::Contains("[orphan]"));

  auto quiet = p.Rev({"-q", "validate"});
  REV_CHECK_EXIT(quiet, 1);
  CHECK_THAT(quiet.out, Catch::Contains("revisions/b2_revision_b2.sql:5: error: ") &&
                            Catch::Contains("[orphan]"));
  CHECK(quiet.out.find("warning") == std::string::npos);
  CHECK_THAT(quiet.err, Catch::StartsWith("rev: error: validation found 1 error and 2 warnings"));

  auto strict = p.Rev({"-q", "validate", "--strict"});
  REV_CHECK_EXIT(strict, 1);
  CHECK_THAT(strict.out, Catch::Contains("revisions/a1_add_users.sql:5: error: ") &&
                             Catch::Contains("[unknown-header-key]") &&
                             Catch::Contains("rev.yaml:2: error: "));
}

TEST_CASE("quiet validate of a folder with only warnings prints nothing and exits 0",
          "[cli][quiet]") {
  Project p;
  WriteProjectWithWarnings(&p);
  auto quiet = p.Rev({"validate", "--quiet"});
  REV_CHECK_EXIT(quiet, 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
}

}  // namespace
}  // namespace rev::testing
