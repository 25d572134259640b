// heads, branches, history, show: the graph, in text and in SPEC's JSON shapes.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

// a1 -> b2 -> {c3, d4}: a branch point with two heads, d4 labelled `side`.
void BranchedProject(Project* p) {
  p->Revision(Rev("a1").Message("create users"));
  p->Revision(Rev("b2", {"a1"}).Message("add email"));
  p->Revision(Rev("c3", {"b2"}).Message("add orders"));
  p->Revision(Rev("d4", {"b2"}).Message("add search").Labels({"side"}));
}

// `rev COMMAND` prints exactly `text`, and `rev COMMAND --json` the document `json`.
void CheckTextAndJson(const Project& p, const std::string& command, const std::string& text,
                      const std::string& json) {
  auto as_text = p.Rev({command});
  REV_REQUIRE_EXIT(as_text, 0);
  CHECK(as_text.out == text);
  auto as_json = p.Rev({command, "--json"});
  REV_REQUIRE_EXIT(as_json, 0);
  CHECK(JsonOf(as_json) == nlohmann::json::parse(json));
}

TEST_CASE("heads lists every head, --json as SPEC", "[cli][graph]") {
  Project p;
  BranchedProject(&p);
  CheckTextAndJson(p, "heads", "c3 (head)\nd4 (side) (head)\n", R"({"heads": ["c3", "d4"]})");
  auto verbose = p.Rev({"heads", "--verbose"});
  REV_REQUIRE_EXIT(verbose, 0);
  CHECK_THAT(verbose.out, Catch::Contains("Rev: c3 (head)") &&
                              Catch::Contains("Path: revisions/c3_add_orders.sql") &&
                              Catch::Contains("    add orders"));
}

TEST_CASE("branches shows each branch point and its children", "[cli][graph]") {
  Project p;
  BranchedProject(&p);
  CheckTextAndJson(p, "branches", "b2 (branchpoint)\n   -> c3 (head)\n   -> d4 (side) (head)\n",
                   R"({"branches": [{"revision": "b2", "children": ["c3", "d4"]}]})");
}

TEST_CASE("history is newest first, Alembic's lines, --json entries as SPEC", "[cli][graph]") {
  Project p;
  BranchedProject(&p);
  p.Revision(Rev("e5", {"c3", "d4"}).Merge().Message("merge"));
  auto text = p.Rev({"history"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK(text.out ==
        "c3, d4 -> e5 (side) (head) (mergepoint), merge\n"
        "b2 -> d4 (side), add search\n"
        "b2 -> c3, add orders\n"
        "a1 -> b2 (branchpoint), add email\n"
        "<base> -> a1, create users\n");
  auto json = p.Rev({"history", "--json"});
  REV_REQUIRE_EXIT(json, 0);
  auto revisions = JsonOf(json)["revisions"];
  REQUIRE(revisions.size() == 5);
  const auto& merge = revisions[0];
  CHECK(merge["revision"] == "e5");
  CHECK(merge["down_revision"] == nlohmann::json::array({"c3", "d4"}));
  CHECK(merge["message"] == "merge");
  CHECK(merge["branch_labels"].is_array());
  CHECK(merge["depends_on"] == nlohmann::json::array());
  CHECK(merge["is_head"] == true);
  CHECK(merge["is_merge"] == true);
  CHECK(revisions[4]["revision"] == "a1");
  CHECK(revisions[4]["down_revision"] == nlohmann::json::array());
  CHECK(revisions[4]["is_head"] == false);
  CHECK(revisions[4]["is_merge"] == false);
}

TEST_CASE("history -r START:END is inclusive, a range without ':' is bad usage", "[cli][graph]") {
  Project p;
  BranchedProject(&p);
  auto ranged = p.Rev({"history", "-r", "b2:c3", "--json"});
  REV_REQUIRE_EXIT(ranged, 0);
  std::vector<std::string> ids;
  auto document = JsonOf(ranged);
  for (const auto& entry : document["revisions"]) ids.push_back(entry["revision"]);
  CHECK(ids == std::vector<std::string>{"c3", "b2"});
  auto bad = p.Rev({"history", "-r", "b2"});
  REV_CHECK_EXIT(bad, 2);
  CHECK_THAT(bad.err, Catch::Contains("START:END"));
}

TEST_CASE("history --verbose prints a block per revision, newest first", "[cli][graph]") {
  Project p;
  BranchedProject(&p);
  p.Revision(Rev("e5", {"c3", "d4"}).Merge().Message("merge").DependsOn({"a1"}));
  p.Revision(Rev("f6", {"e5"}).Message("backfill").NonTransactional());
  auto verbose = p.Rev({"history", "--verbose"});
  REV_REQUIRE_EXIT(verbose, 0);
  CHECK(verbose.out ==
        "Rev: f6 (head)\n"
        "Parent: e5\n"
        "Branch names: side\n"  // a label carries up its branch, through the merge
        "Created at: 2026-01-01T00:00:06Z\n"
        "Transactional: false\n"
        "Path: revisions/f6_backfill.sql\n"
        "\n"
        "    backfill\n"
        "\n"
        "Rev: e5 (mergepoint)\n"
        "Merges: c3, d4\n"
        "Also depends on: a1\n"
        "Branch names: side\n"
        "Created at: 2026-01-01T00:00:05Z\n"
        "Path: revisions/e5_merge.sql\n"
        "\n"
        "    merge\n"
        "\n"
        "Rev: d4\n"
        "Parent: b2\n"
        "Branch names: side\n"
        "Created at: 2026-01-01T00:00:04Z\n"
        "Path: revisions/d4_add_search.sql\n"
        "\n"
        "    add search\n"
        "\n"
        "Rev: c3\n"
        "Parent: b2\n"
        "Created at: 2026-01-01T00:00:03Z\n"
        "Path: revisions/c3_add_orders.sql\n"
        "\n"
        "    add orders\n"
        "\n"
        "Rev: b2 (branchpoint)\n"
        "Parent: a1\n"
        "Branches into: c3, d4\n"
        "Created at: 2026-01-01T00:00:02Z\n"
        "Path: revisions/b2_add_email.sql\n"
        "\n"
        "    add email\n"
        "\n"
        "Rev: a1\n"
        "Parent: <base>\n"
        "Created at: 2026-01-01T00:00:01Z\n"
        "Path: revisions/a1_create_users.sql\n"
        "\n"
        "    create users\n"
        "\n");
  CHECK(verbose.err.empty());
  auto short_flag = p.Rev({"-v", "history"});
  REV_CHECK_EXIT(short_flag, 0);
  CHECK(short_flag.out == verbose.out);
  // The JSON document is the same with or without --verbose.
  CHECK(JsonOf(p.Rev({"history", "--json", "-v"})) == JsonOf(p.Rev({"history", "--json"})));
}

// The ids `history -r RANGE` prints, newest first; fails the test when it does not exit 0.
std::vector<std::string> HistoryIds(const Project& p, const std::string& range) {
  auto result = p.Rev({"history", "-r", range});
  INFO("history -r " << range);
  REV_REQUIRE_EXIT(result, 0);
  std::vector<std::string> ids;
  for (const std::string& line : SplitLines(result.out)) {
    // "b2 -> c3 (head), add orders": the revision is the word after "-> ".
    size_t arrow = line.find("-> ");
    REQUIRE(arrow != std::string::npos);
    std::string rest = line.substr(arrow + 3);
    ids.push_back(rest.substr(0, rest.find_first_of(" ,")));
  }
  return ids;
}

TEST_CASE("history -r takes open, relative and label ranges", "[cli][graph]") {
  Project p;
  BranchedProject(&p);
  using Ids = std::vector<std::string>;
  // START: is START and everything built on it; :END is END and its ancestors.
  CHECK(HistoryIds(p, "b2:") == Ids{"d4", "c3", "b2"});
  CHECK(HistoryIds(p, "c3:") == Ids{"c3"});
  CHECK(HistoryIds(p, ":c3") == Ids{"c3", "b2", "a1"});
  CHECK(HistoryIds(p, ":b2") == Ids{"b2", "a1"});
  // REV-N and REV+N count down_revision steps.
  CHECK(HistoryIds(p, "c3-1:c3") == Ids{"c3", "b2"});
  CHECK(HistoryIds(p, "a1+1:c3") == Ids{"c3", "b2"});
  CHECK(HistoryIds(p, "c3-2:c3") == Ids{"c3", "b2", "a1"});
  // label@head is the labelled branch's head, label@-1 one below it.
  CHECK(HistoryIds(p, ":side@head") == Ids{"d4", "b2", "a1"});
  CHECK(HistoryIds(p, "side@-1:side@head") == Ids{"d4", "b2"});

  auto ambiguous = p.Rev({"history", "-r", "b2:+1"});
  REV_CHECK_EXIT(ambiguous, 2);
  CHECK_THAT(ambiguous.err, Catch::Contains("'+1' is ambiguous") && Catch::Contains("c3") &&
                                Catch::Contains("d4") && Catch::Contains("label@+N"));
  auto unknown_label = p.Rev({"history", "-r", ":nope@head"});
  REV_CHECK_EXIT(unknown_label, 2);
  CHECK_THAT(unknown_label.err, Catch::StartsWith("rev: error: ") && Catch::Contains("nope"));
}

TEST_CASE("show a revision by prefix, label or heads, unknown and ambiguous exit 2",
          "[cli][graph]") {
  Project p;
  p.Revision(Rev("abcd1111").Message("one"));
  p.Revision(Rev("abcd2222", {"abcd1111"}).Message("two").Labels({"main"}));
  auto text = p.Rev({"show", "abcd2"});
  REV_REQUIRE_EXIT(text, 0);
  CHECK_THAT(text.out, Catch::StartsWith("Rev: abcd2222 (head)\nParent: abcd1111\n") &&
                           Catch::Contains("Branch names: main") && Catch::Contains("    two"));
  auto json = p.Rev({"show", "main@head", "--json"});
  REV_REQUIRE_EXIT(json, 0);
  auto revisions = JsonOf(json)["revisions"];
  REQUIRE(revisions.size() == 1);
  CHECK(revisions[0]["revision"] == "abcd2222");
  CHECK(revisions[0]["down_revision"] == nlohmann::json::array({"abcd1111"}));

  auto unknown = p.Rev({"show", "ffff"});
  REV_CHECK_EXIT(unknown, 2);
  CHECK_THAT(unknown.err, Catch::StartsWith("rev: error: ") && Catch::Contains("ffff"));
  auto ambiguous = p.Rev({"show", "abcd"});
  REV_CHECK_EXIT(ambiguous, 2);
  CHECK_THAT(ambiguous.err, Catch::Contains("abcd1111") && Catch::Contains("abcd2222"));
}

TEST_CASE("an empty project has no heads and no history", "[cli][graph]") {
  Project p;
  auto heads = p.Rev({"heads", "--json"});
  REV_REQUIRE_EXIT(heads, 0);
  CHECK(JsonOf(heads) == nlohmann::json::parse(R"({"heads": []})"));
  auto history = p.Rev({"history"});
  REV_CHECK_EXIT(history, 0);
  CHECK(history.out.empty());
}

}  // namespace
}  // namespace rev::testing
