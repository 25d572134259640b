// invalid-file, unknown keys, and every finding in one run.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/support/validate_project.h"

namespace rev::testing {
namespace {

using validators::Severity;

TEST_CASE("a malformed file is an invalid-file finding at its line", "[validators]") {
  Project p;
  p.Revision("a1");
  p.WriteRaw("b2_broken.sql", "-- revision: b2\n-- down_revision: a1\nCREATE TABLE t (x int);\n");
  auto found = WithCode(ValidateProject(p), "invalid-file");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kError);
  CHECK(found[0].location.file == "revisions/b2_broken.sql");
  CHECK(found[0].location.line == 3);
  CHECK_FALSE(found[0].hint.empty());
}

TEST_CASE("an unreadable file is an invalid-file finding", "[validators]") {
  Project p;
  p.Revision("a1");
  std::filesystem::create_symlink(p.root() / "nowhere.sql", p.revisions_dir() / "b2_gone.sql");
  auto found = WithCode(ValidateProject(p), "invalid-file");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].message, Catch::Contains("b2_gone.sql"));
}

TEST_CASE("an unknown header key is a warning, so is an unknown rev.yaml key", "[validators]") {
  Project p;
  p.WriteRaw("a1_x.sql",
             "-- revision: a1\n-- down_revision: null\n-- depends_om: [b]\n"
             "-- rev:upgrade\nSELECT 1;\n-- rev:downgrade\nSELECT 1;\n");
  revisions::Notice config_warning{
      "unknown-config-key", "unknown key 'databse' in rev.yaml", {"rev.yaml", 2, 0}, ""};
  auto findings = ValidateProject(p, {"{rev}_{slug}", {config_warning}});
  auto header = WithCode(findings, "unknown-header-key");
  REQUIRE(header.size() == 1);
  CHECK(header[0].severity == Severity::kWarning);
  CHECK(header[0].location.line == 3);
  CHECK(WithCode(findings, "unknown-config-key").size() == 1);
}

TEST_CASE("one run reports every finding, sorted by file and line", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).NoDowngrade());
  p.Revision({"c3", {"a1"}});
  p.Revision({"d4", {"zz"}});
  p.Revision({"e5", {"e5"}});
  p.WriteRaw("f6_bad.sql", "not a revision\n");
  p.Revision(Rev("a1").FileName("g7_copy.sql"));
  auto findings = ValidateProject(p);
  auto codes = Codes(findings);
  for (const char* code : {"duplicate-id", "orphan", "cycle", "multiple-heads", "missing-downgrade",
                           "invalid-file", "id-filename-mismatch"}) {
    INFO(code);
    CHECK(std::count(codes.begin(), codes.end(), code) >= 1);
  }
  for (size_t i = 1; i < findings.size(); ++i) {
    CHECK(findings[i - 1].location.file <= findings[i].location.file);
  }
  CHECK(ValidateProject(p).size() == findings.size());
}

}  // namespace
}  // namespace rev::testing
