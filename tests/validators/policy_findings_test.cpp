// multiple-heads, multiple-bases, missing/empty downgrade, empty-upgrade, id-filename-mismatch.
#include <catch2/catch.hpp>

#include "tests/support/validate_project.h"

namespace rev::testing {
namespace {

using validators::Severity;

TEST_CASE("several heads are an error naming each head's file and the fix", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).Message("left"));
  p.Revision(Rev("c3", {"a1"}).Message("right"));
  auto found = WithCode(ValidateProject(p), "multiple-heads");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kError);
  CHECK_THAT(found[0].message,
             Catch::Contains("revisions/b2_left.sql") && Catch::Contains("revisions/c3_right.sql"));
  CHECK_THAT(found[0].hint, Catch::Contains("rev merge heads"));
  CHECK(found[0].related.size() == 1);
}

TEST_CASE("a merge revision joining the heads clears the finding", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  p.Revision(Rev("d4", {"b2", "c3"}).Merge());
  CHECK(ValidateProject(p).empty());
}

TEST_CASE("heads forked under one branch label are still an error", "[validators]") {
  Project p;
  p.Revision(Rev("a1").Labels({"shop"}));
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  CHECK(WithCode(ValidateProject(p), "multiple-heads").size() == 1);
}

TEST_CASE("independent branches, each with its own label, are not a finding", "[validators]") {
  Project p;
  p.Revision(Rev("a1").Labels({"shop"}));
  p.Revision({"b2", {"a1"}});
  p.Revision(Rev("x1").Labels({"billing"}));
  p.Revision({"y2", {"x1"}});
  CHECK(ValidateProject(p).empty());
}

TEST_CASE("several bases without labels are a warning", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision("x1");
  p.Revision(Rev("m2", {"a1", "x1"}).Merge());
  auto findings = ValidateProject(p);
  auto found = WithCode(findings, "multiple-bases");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kWarning);
  CHECK_THAT(found[0].message, Catch::Contains("a1") && Catch::Contains("x1"));
  CHECK(WithCode(findings, "multiple-heads").empty());
}

TEST_CASE("a missing downgrade section is a warning, an empty one too", "[validators]") {
  Project p;
  p.Revision(Rev("a1").NoDowngrade());
  p.Revision(Rev("b2", {"a1"}).Downgrade("  -- nothing to undo\n"));
  auto findings = ValidateProject(p);
  auto missing = WithCode(findings, "missing-downgrade");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].severity == Severity::kWarning);
  CHECK(missing[0].location.file == "revisions/a1_revision_a1.sql");
  auto empty = WithCode(findings, "empty-downgrade");
  REQUIRE(empty.size() == 1);
  CHECK(empty[0].severity == Severity::kWarning);
  CHECK(empty[0].location.file == "revisions/b2_revision_b2.sql");
  CHECK(empty[0].location.line > 0);
  CHECK(findings.size() == 2);
}

TEST_CASE("strict mode makes warnings errors", "[validators]") {
  Project p;
  p.Revision(Rev("a1").NoDowngrade());
  auto findings = ValidateProject(p);
  REQUIRE(validators::CountErrors(findings) == 0);
  REQUIRE(validators::CountWarnings(findings) == 1);
  validators::MakeWarningsErrors(&findings);
  CHECK(validators::CountErrors(findings) == 1);
  CHECK(validators::CountWarnings(findings) == 0);
}

TEST_CASE("an empty upgrade section is an error except in a merge", "[validators]") {
  Project p;
  p.Revision(Rev("a1").Upgrade("\n  \n"));
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  p.Revision(Rev("d4", {"b2", "c3"}).Merge());
  auto findings = ValidateProject(p);
  auto found = WithCode(findings, "empty-upgrade");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kError);
  CHECK(found[0].location.file == "revisions/a1_revision_a1.sql");
  CHECK(found[0].location.line > 0);
  CHECK(findings.size() == 1);
}

TEST_CASE("the empty-upgrade finding says how to mark a deliberate no-op", "[validators]") {
  Project p;
  p.Revision(Rev("a1").Upgrade(""));
  auto found = WithCode(ValidateProject(p), "empty-upgrade");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].hint, Catch::Contains("comment") && Catch::Contains("does nothing"));
}

TEST_CASE("an upgrade section of comments alone is a deliberate no-op, with nothing to undo",
          "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).Upgrade("-- only the PostgreSQL schema changed").NoDowngrade());
  p.Revision(Rev("c3", {"b2"}).Upgrade("/* nothing for SQLite */").Downgrade(""));
  CHECK(ValidateProject(p).empty());
}

TEST_CASE("a file name must start with the header's id", "[validators]") {
  Project p;
  p.Revision(Rev("a1").FileName("a1_base.sql"));
  p.Revision(Rev("b2", {"a1"}).FileName("b2.sql"));
  p.Revision(Rev("c3", {"b2"}).FileName("c33_copied.sql"));
  p.Revision(Rev("d4", {"c3"}).FileName("x9_wrong.sql"));
  auto found = WithCode(ValidateProject(p), "id-filename-mismatch");
  REQUIRE(found.size() == 2);
  CHECK(found[0].location.file == "revisions/c33_copied.sql");
  CHECK(found[0].location.line == 1);
  CHECK(found[1].location.file == "revisions/x9_wrong.sql");
  CHECK_THAT(found[1].message, Catch::Contains("d4"));
}

TEST_CASE("with a template not starting with {rev}, the id must occur in the name",
          "[validators]") {
  Project p;
  p.Revision(Rev("a1").FileName("20260101_a1_base.sql"));
  p.Revision(Rev("b2", {"a1"}).FileName("20260102_other.sql"));
  auto found = WithCode(ValidateProject(p, {"{date}_{rev}_{slug}", {}}), "id-filename-mismatch");
  REQUIRE(found.size() == 1);
  CHECK(found[0].location.file == "revisions/20260102_other.sql");
}

}  // namespace
}  // namespace rev::testing
