// `rev create`: new revision files on the head, as Alembic's `revision` places them.
#include <catch2/catch.hpp>

#include "revisions/revision_file.h"
#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

// The revision a created file declares.
revisions::Revision ParseCreated(const Project& p, const std::string& printed_path) {
  std::string shown = printed_path.substr(0, printed_path.find('\n'));
  auto parsed = revisions::ParseRevisionText(ReadFile(p.root() / shown), shown);
  REQUIRE(parsed.ok());
  return parsed->revision;
}

TEST_CASE("create writes a base, then a revision on the head, and prints each path",
          "[cli][create]") {
  Project p;
  auto first = p.Rev({"create", "Add users table"});
  REV_REQUIRE_EXIT(first, 0);
  CHECK_THAT(first.out, Catch::Matches("revisions/[0-9a-f]{12}_add_users_table\\.sql\n"));
  revisions::Revision base = ParseCreated(p, first.out);
  CHECK(base.is_base());
  CHECK(base.message() == "Add users table");
  CHECK_FALSE(base.created_at().empty());

  auto second = p.Rev({"create", "-m", "add email"});
  REV_REQUIRE_EXIT(second, 0);
  revisions::Revision next = ParseCreated(p, second.out);
  REQUIRE(next.down_revisions().size() == 1);
  CHECK(next.down_revisions()[0] == base.id());
  CHECK(p.RevisionFiles().size() == 2);
}

TEST_CASE("create --rev-id, --branch-label, --depends-on, --non-transactional", "[cli][create]") {
  Project p;
  p.Revision("aaaa1111");
  p.Revision({"bbbb2222", {"aaaa1111"}});
  auto result = p.Rev({"create", "index", "--rev-id", "cc33", "--branch-label", "search",
                       "--depends-on", "aaaa", "--non-transactional"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK(result.out == "revisions/cc33_index.sql\n");
  revisions::Revision created = ParseCreated(p, result.out);
  CHECK(created.id().str() == "cc33");
  CHECK(created.down_revisions()[0].str() == "bbbb2222");
  REQUIRE(created.depends_on().size() == 1);
  CHECK(created.depends_on()[0].str() == "aaaa1111");
  REQUIRE(created.branch_labels().size() == 1);
  CHECK(created.branch_labels()[0].str() == "search");
  CHECK_FALSE(created.transactional());

  auto taken = p.Rev({"create", "again", "--rev-id", "cc33"});
  REV_CHECK_EXIT(taken, 2);
  CHECK_THAT(taken.err, Catch::Contains("cc33") && Catch::Contains("already used"));
  auto label_taken = p.Rev({"create", "more", "--branch-label", "search"});
  REV_CHECK_EXIT(label_taken, 2);
}

TEST_CASE("with several heads, create needs --head, --head on a non-head needs --splice",
          "[cli][create]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  p.Revision(Rev("c3", {"a1"}).Labels({"side"}));
  auto before = p.Snapshot();

  auto ambiguous = p.Rev({"create", "next"});
  REV_CHECK_EXIT(ambiguous, 2);
  CHECK_THAT(ambiguous.err, Catch::Contains("b2") && Catch::Contains("c3") &&
                                Catch::Contains("--head") && Catch::Contains("rev merge heads"));
  auto not_head = p.Rev({"create", "next", "--head", "a1"});
  REV_CHECK_EXIT(not_head, 2);
  CHECK_THAT(not_head.err, Catch::Contains("--splice"));
  CHECK(p.Snapshot() == before);

  auto on_b2 = p.Rev({"create", "on b2", "--head", "b2"});
  REV_REQUIRE_EXIT(on_b2, 0);
  CHECK(ParseCreated(p, on_b2.out).down_revisions()[0].str() == "b2");
  auto on_label = p.Rev({"create", "on side", "--head", "side@head"});
  REV_REQUIRE_EXIT(on_label, 0);
  CHECK(ParseCreated(p, on_label.out).down_revisions()[0].str() == "c3");
  auto spliced = p.Rev({"create", "from a1", "--head", "a1", "--splice"});
  REV_REQUIRE_EXIT(spliced, 0);
  CHECK(ParseCreated(p, spliced.out).down_revisions()[0].str() == "a1");
  auto new_base = p.Rev({"create", "other", "--head", "base", "--branch-label", "other"});
  REV_REQUIRE_EXIT(new_base, 0);
  CHECK(ParseCreated(p, new_base.out).is_base());
}

TEST_CASE("create twice in a row works, validate then flags the empty upgrades", "[cli][create]") {
  Project p;
  REV_REQUIRE_EXIT(p.Rev({"create", "one"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"create", "two"}), 0);
  auto result = p.Rev({"--json", "validate"});
  REV_CHECK_EXIT(result, 1);
  auto errors = JsonOf(result)["errors"];
  REQUIRE(errors.size() == 2);
  CHECK(errors[0]["code"] == "empty-upgrade");
  CHECK(errors[1]["code"] == "empty-upgrade");
}

TEST_CASE("create --json prints the new revision", "[cli][create]") {
  Project p;
  p.Revision("a1");
  auto result = p.Rev({"create", "x", "--rev-id", "b2", "--json"});
  REV_REQUIRE_EXIT(result, 0);
  auto document = JsonOf(result);
  CHECK(document["revision"] == "b2");
  CHECK(document["path"] == "revisions/b2_x.sql");
  CHECK(document["down_revision"] == nlohmann::json::array({"a1"}));
}

}  // namespace
}  // namespace rev::testing
