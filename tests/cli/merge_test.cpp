// `rev merge`: one revision joining the heads.
#include <catch2/catch.hpp>

#include "revisions/revision_file.h"
#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

TEST_CASE("merge heads writes a merge revision with empty sections, one head remains",
          "[cli][merge]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"a1"}});
  auto result = p.Rev({"merge", "heads", "-m", "join branches", "--rev-id", "m4"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK(result.out == "revisions/m4_join_branches.sql\n");
  auto parsed =
      revisions::ParseRevisionText(ReadFile(p.revisions_dir() / "m4_join_branches.sql"), "m4.sql");
  REQUIRE(parsed.ok());
  const revisions::Revision& merge = parsed->revision;
  REQUIRE(merge.down_revisions().size() == 2);
  CHECK(merge.down_revisions()[0].str() == "b2");
  CHECK(merge.down_revisions()[1].str() == "c3");
  CHECK(merge.upgrade_content() == revisions::SectionContent::kEmpty);
  CHECK(merge.message() == "join branches");

  auto heads = p.Rev({"heads", "--json"});
  CHECK(JsonOf(heads) == nlohmann::json::parse(R"({"heads": ["m4"]})"));
  REV_CHECK_EXIT(p.Rev({"validate"}), 0);
}

TEST_CASE("merge without revisions merges the heads, named revisions by prefix", "[cli][merge]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2222", {"a1"}});
  p.Revision({"c3333", {"a1"}});
  p.Revision({"d4444", {"a1"}});
  auto named = p.Rev({"merge", "b222", "c333", "-m", "two of three", "--json"});
  REV_REQUIRE_EXIT(named, 0);
  CHECK(JsonOf(named)["down_revision"] == nlohmann::json::array({"b2222", "c3333"}));
  auto all = p.Rev({"merge", "-m", "rest", "--json"});
  REV_REQUIRE_EXIT(all, 0);
  CHECK(JsonOf(all)["down_revision"].size() == 2);
  auto heads = p.Rev({"heads", "--json"});
  CHECK(JsonOf(heads)["heads"].size() == 1);
}

TEST_CASE("merge with one head, or of a non-head, exits 2 and writes nothing", "[cli][merge]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  auto before = p.Snapshot();
  auto one = p.Rev({"merge", "heads", "-m", "nothing"});
  REV_CHECK_EXIT(one, 2);
  CHECK_THAT(one.err, Catch::StartsWith("rev: error: "));
  auto non_head = p.Rev({"merge", "a1", "b2", "-m", "x"});
  REV_CHECK_EXIT(non_head, 2);
  CHECK(p.Snapshot() == before);
}

}  // namespace
}  // namespace rev::testing
