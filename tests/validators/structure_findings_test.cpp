// duplicate-id, orphan, cycle: AnalyzeStructure's findings, located and worded.
#include <catch2/catch.hpp>

#include "tests/support/validate_project.h"

namespace rev::testing {
namespace {

using validators::Severity;

TEST_CASE("a clean linear folder has no findings", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"b2"}});
  CHECK(ValidateProject(p).empty());
}

TEST_CASE("an empty folder has no findings", "[validators]") {
  Project p;
  CHECK(ValidateProject(p).empty());
}

TEST_CASE("a duplicate id names both files", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).Message("first"));
  p.Revision(Rev("b2", {"a1"}).Message("second"));
  auto found = WithCode(ValidateProject(p), "duplicate-id");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kError);
  CHECK_THAT(found[0].message, Catch::Contains("revisions/b2_first.sql:1") &&
                                   Catch::Contains("revisions/b2_second.sql:1"));
  CHECK(found[0].location.file == "revisions/b2_first.sql");
  REQUIRE(found[0].related.size() == 1);
  CHECK(found[0].related[0].file == "revisions/b2_second.sql");
}

TEST_CASE("an orphan down_revision is located at its line, with near ids", "[validators]") {
  Project p;
  p.Revision("abcd1234");
  p.Revision({"b2", {"abcd9999"}});
  auto found = WithCode(ValidateProject(p), "orphan");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kError);
  CHECK(found[0].location.file == "revisions/b2_revision_b2.sql");
  CHECK(found[0].location.line == 2);
  CHECK_THAT(found[0].message, Catch::Contains("down_revision") && Catch::Contains("abcd9999"));
  CHECK_THAT(found[0].hint, Catch::Contains("abcd1234"));
}

TEST_CASE("an orphan depends_on is a finding too", "[validators]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).DependsOn({"zz99"}));
  auto found = WithCode(ValidateProject(p), "orphan");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].message, Catch::Contains("depends_on") && Catch::Contains("zz99"));
}

TEST_CASE("a cycle names every member", "[validators]") {
  Project p;
  p.Revision({"a1", {"c3"}});
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"b2"}});
  auto found = WithCode(ValidateProject(p), "cycle");
  REQUIRE(found.size() == 1);
  CHECK(found[0].severity == Severity::kError);
  CHECK_THAT(found[0].message,
             Catch::Contains("a1 -> ") && Catch::Contains("b2") && Catch::Contains("c3"));
  CHECK(found[0].related.size() == 2);
}

TEST_CASE("a revision that is its own parent is a cycle of one", "[validators]") {
  Project p;
  p.Revision({"a1", {"a1"}});
  auto found = WithCode(ValidateProject(p), "cycle");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].message, Catch::Contains("a1 names itself"));
  CHECK(found[0].location.file == "revisions/a1_revision_a1.sql");
  CHECK(found[0].location.line == 2);
}

TEST_CASE("a branch label declared twice, or equal to an id, is an error", "[validators]") {
  Project p;
  p.Revision(Rev("a1").Labels({"shop"}));
  p.Revision(Rev("b2").Labels({"shop"}));
  p.Revision(Rev("c3").Labels({"a1"}));
  auto findings = ValidateProject(p);
  auto twice = WithCode(findings, "duplicate-branch-label");
  REQUIRE(twice.size() == 1);
  CHECK_THAT(twice[0].message, Catch::Contains("shop"));
  CHECK(WithCode(findings, "branch-label-is-id").size() == 1);
  CHECK(WithCode(findings, "invalid-graph").empty());
}

}  // namespace
}  // namespace rev::testing
