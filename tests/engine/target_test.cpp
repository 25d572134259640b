// Targets (SPEC §2): every form parses to its type and prints back as typed; resolution
// names the candidates and the fix when it cannot choose.
#include "engine/target.h"

#include <catch2/catch.hpp>

#include "tests/support/plans.h"

namespace rev::testing {
namespace {

using engine::Keyword;
using engine::KeywordTarget;
using engine::NamedTarget;
using engine::RelativeTarget;

TEST_CASE("every target form parses and prints back as it was typed", "[target]") {
  for (const char* text :
       {"head", "heads", "base", "3f2a9c1b7d4e", "3f2a", "feature", "+2", "-1", "3f2a+2", "3f2a-3",
        "head-1", "x@head", "x@heads", "x@base", "x@+1", "x@-2", "x@3f2a", "x@3f2a-1", "ui-v2.1"}) {
    CAPTURE(text);
    CHECK(engine::TargetToString(ParsedTarget(text)) == text);
  }
  for (const char* text : {"a:b", ":b", "a:", ":", "base:heads", "x@head:x@+2"}) {
    CAPTURE(text);
    CHECK(engine::TargetToString(ParsedRange(text)) == text);
  }
}

TEST_CASE("head, heads and base parse to keywords, alone or after a label", "[target]") {
  CHECK(ParsedTarget("head") == engine::Target(KeywordTarget{Keyword::kHead, {}}));
  CHECK(ParsedTarget("heads") == engine::Target(KeywordTarget{Keyword::kHeads, {}}));
  CHECK(ParsedTarget("base") == engine::Target(KeywordTarget{Keyword::kBase, {}}));
  CHECK(ParsedTarget("shop@heads") == engine::Target(KeywordTarget{Keyword::kHeads, "shop"}));
  auto anchored = std::get<RelativeTarget>(ParsedTarget("head-1"));
  CHECK(anchored.anchor == std::optional<engine::Anchor>(Keyword::kHead));
}

TEST_CASE("a range is a range, and a single target is not one", "[target]") {
  CHECK(engine::ParseTarget("a:b").status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(engine::ParseTarget("a:b").status().message(), Catch::Contains("--sql"));
  CHECK(engine::ParseTargetRange("head").status().code() == StatusCode::kInvalidInput);
  auto either = engine::ParseTargetOrRange("a:b");
  REQUIRE(either.ok());
  CHECK(std::holds_alternative<engine::TargetRange>(*either));
  auto single = engine::ParseTargetOrRange("head");
  REQUIRE(single.ok());
  CHECK(std::holds_alternative<engine::Target>(*single));
}

TEST_CASE("relative targets carry their anchor, label and step", "[target]") {
  auto up = std::get<RelativeTarget>(ParsedTarget("+3"));
  CHECK(up.delta == 3);
  CHECK_FALSE(up.anchor);
  CHECK_FALSE(up.label);

  auto anchored = std::get<RelativeTarget>(ParsedTarget("ae10-2"));
  CHECK(anchored.anchor == std::optional<engine::Anchor>(std::string("ae10")));
  CHECK(anchored.delta == -2);

  auto on_branch = std::get<RelativeTarget>(ParsedTarget("shop@-1"));
  CHECK(on_branch.label == std::optional<std::string>("shop"));
  CHECK_FALSE(on_branch.anchor);
  CHECK(on_branch.delta == -1);
}

TEST_CASE("label@ forms keep the label apart from what follows", "[target]") {
  auto head = std::get<KeywordTarget>(ParsedTarget("shop@head"));
  CHECK(head.label == std::optional<std::string>("shop"));
  CHECK(head.keyword == Keyword::kHead);
  auto id = std::get<NamedTarget>(ParsedTarget("shop@3f2a9c"));
  CHECK(id.label == std::optional<std::string>("shop"));
  CHECK(id.name == "3f2a9c");
}

TEST_CASE("a label with a dash and no number after it is a name, not a step", "[target]") {
  auto named = std::get<NamedTarget>(ParsedTarget("ui-next"));
  CHECK(named.name == "ui-next");
}

TEST_CASE("ranges keep each side as typed, either may be empty", "[target]") {
  auto range = ParsedRange("3f2a:head");
  CHECK(range.start == std::optional<engine::Target>(NamedTarget{"3f2a", {}}));
  CHECK(range.end == std::optional<engine::Target>(KeywordTarget{Keyword::kHead, {}}));
  auto open = ParsedRange(":head");
  CHECK_FALSE(open.start);
}

TEST_CASE("malformed targets are refused saying what was expected", "[target]") {
  for (const char* text : {"", "+0", "-0", "+", "abc+", "shop@", "@head", "a:b:c", "a@b@c",
                           "+99999999999", "current", "bad/char", "head:bad!", "x@+0"}) {
    CAPTURE(text);
    auto target = engine::ParseTarget(text);
    REQUIRE_FALSE(target.ok());
    CHECK(target.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(target.status().hint(), Catch::Contains("label@head"));
  }
}

engine::RevisionGraph TwoHeads() {
  return Graph({{"aaaa1111"},
                Rev("bbbb1111", {"aaaa1111"}).Labels({"shop"}),
                Rev("bbbb2222", {"aaaa1111"}).Labels({"blog"}),
                {"cccc1111", {"bbbb1111"}}});
}

Names Resolved(const engine::RevisionGraph& graph, const std::string& text) {
  auto ids = engine::ResolveTarget(graph, ParsedTarget(text));
  INFO(text << ": " << ids.status().ToString());
  REQUIRE(ids.ok());
  return ToNames(*ids);
}

Status ResolveError(const engine::RevisionGraph& graph, const std::string& text) {
  auto ids = engine::ResolveTarget(graph, ParsedTarget(text));
  REQUIRE_FALSE(ids.ok());
  return ids.status();
}

TEST_CASE("head names the one head, heads every head, base nothing", "[target]") {
  auto linear = Graph({{"aaaa1111"}, {"bbbb1111", {"aaaa1111"}}});
  CHECK(Resolved(linear, "head") == Names{"bbbb1111"});
  CHECK(Resolved(TwoHeads(), "heads") == Names{"bbbb2222", "cccc1111"});
  CHECK(Resolved(linear, "base").empty());
}

TEST_CASE("head with several heads names each head, its file and the fix", "[target]") {
  Status status = ResolveError(TwoHeads(), "head");
  CHECK(status.code() == StatusCode::kAmbiguous);
  CHECK_THAT(status.message(),
             Catch::Contains("several heads") &&
                 Catch::Contains("cccc1111 (revisions/cccc1111_revision_cccc1111.sql)") &&
                 Catch::Contains("bbbb2222 (revisions/bbbb2222_revision_bbbb2222.sql)"));
  CHECK_THAT(status.hint(), Catch::Contains("rev merge heads") &&
                                Catch::Contains("rev upgrade heads") &&
                                Catch::Contains("shop@head") && Catch::Contains("blog@head"));
}

TEST_CASE("an id, a prefix of 4+ characters or a label names one revision", "[target]") {
  auto graph = TwoHeads();
  CHECK(Resolved(graph, "cccc1111") == Names{"cccc1111"});
  CHECK(Resolved(graph, "cccc") == Names{"cccc1111"});
  CHECK(Resolved(graph, "shop") == Names{"bbbb1111"});
}

TEST_CASE("an ambiguous prefix names every revision it matches", "[target]") {
  Status status = ResolveError(TwoHeads(), "bbbb");
  CHECK(status.code() == StatusCode::kAmbiguous);
  CHECK_THAT(status.message(),
             Catch::Contains("bbbb1111 (revisions/bbbb1111_revision_bbbb1111.sql)") &&
                 Catch::Contains("bbbb2222 (revisions/bbbb2222_revision_bbbb2222.sql)"));
  CHECK_THAT(status.hint(), Catch::Contains("more characters"));
}

TEST_CASE("a prefix shorter than 4 characters names nothing, and says why", "[target]") {
  Status status = ResolveError(TwoHeads(), "ccc");
  CHECK(status.code() == StatusCode::kNotFound);
  CHECK_THAT(status.message(), Catch::Contains("at least 4 characters"));
  CHECK_THAT(status.hint(), Catch::Contains("cccc1111"));
}

TEST_CASE("an unknown id suggests the near ones", "[target]") {
  Status status = ResolveError(TwoHeads(), "cccc1112");
  CHECK(status.code() == StatusCode::kNotFound);
  CHECK_THAT(status.message(), Catch::Contains("'cccc1112'"));
  CHECK_THAT(status.hint(), Catch::Contains("did you mean cccc1111"));
  CHECK_THAT(ResolveError(TwoHeads(), "shpo").hint(), Catch::Contains("shop"));
  CHECK_THAT(ResolveError(TwoHeads(), "zzzzzzzz").hint(), Catch::Contains("rev history"));
}

TEST_CASE("label@head is the branch's head, label@heads all of them", "[target]") {
  auto graph = TwoHeads();
  CHECK(Resolved(graph, "shop@head") == Names{"cccc1111"});
  CHECK(Resolved(graph, "blog@head") == Names{"bbbb2222"});
  CHECK(Resolved(graph, "shop@heads") == Names{"cccc1111"});
  CHECK(Resolved(graph, "shop@base").empty());
}

TEST_CASE("label@head on a branch with two heads names both", "[target]") {
  auto graph = Graph(
      {Rev("aaaa1111").Labels({"core"}), {"bbbb1111", {"aaaa1111"}}, {"cccc1111", {"aaaa1111"}}});
  Status status = ResolveError(graph, "core@head");
  CHECK(status.code() == StatusCode::kAmbiguous);
  CHECK_THAT(status.message(), Catch::Contains("branch 'core'") && Catch::Contains("bbbb1111") &&
                                   Catch::Contains("cccc1111"));
  CHECK(Resolved(graph, "core@heads") == Names{"bbbb1111", "cccc1111"});
}

TEST_CASE("label@REV must name a revision on that branch", "[target]") {
  auto graph = TwoHeads();
  CHECK(Resolved(graph, "shop@cccc") == Names{"cccc1111"});
  CHECK(Resolved(graph, "shop@aaaa1111") == Names{"aaaa1111"});  // below the branch: shared
  Status status = ResolveError(graph, "shop@bbbb2222");
  CHECK(status.code() == StatusCode::kNotFound);
  CHECK_THAT(status.message(), Catch::Contains("not on branch 'shop'"));
}

TEST_CASE("an unknown label is not found, with near labels", "[target]") {
  Status status = ResolveError(TwoHeads(), "shp@head");
  CHECK(status.code() == StatusCode::kNotFound);
  CHECK_THAT(status.message(), Catch::Contains("no branch label or revision 'shp'"));
  CHECK_THAT(status.hint(), Catch::Contains("shop"));
}

TEST_CASE("relative targets need the planner", "[target]") {
  CHECK(ResolveError(TwoHeads(), "+1").code() == StatusCode::kInvalidInput);
}

TEST_CASE("an empty graph has no head and no heads", "[target]") {
  auto graph = Graph({});
  CHECK(Resolved(graph, "head").empty());
  CHECK(Resolved(graph, "heads").empty());
}

}  // namespace
}  // namespace rev::testing

namespace rev::testing {
namespace {

// Two branches whose ids share the prefix `abcd`.
engine::RevisionGraph SharedPrefix() {
  return Graph({{"0000base"},
                Rev("abcd1111", {"0000base"}).Labels({"shop"}),
                Rev("abcd2222", {"0000base"}).Labels({"blog"}),
                {"abcd3333", {"abcd1111"}}});
}

TEST_CASE("label@PREFIX looks the prefix up on that branch only", "[target]") {
  auto graph = SharedPrefix();
  CHECK(ResolveError(graph, "abcd").code() == StatusCode::kAmbiguous);
  CHECK(Resolved(graph, "blog@abcd") == Names{"abcd2222"});
  CHECK(Resolved(graph, "blog@abcd2") == Names{"abcd2222"});
  CHECK(Resolved(graph, "shop@abcd3") == Names{"abcd3333"});
  Status several = ResolveError(graph, "shop@abcd");
  CHECK(several.code() == StatusCode::kAmbiguous);
  CHECK_THAT(several.message(), Catch::Contains("on branch 'shop'") &&
                                    Catch::Contains("abcd1111") && Catch::Contains("abcd3333") &&
                                    !Catch::Contains("abcd2222"));
  Status elsewhere = ResolveError(graph, "blog@abcd3");
  CHECK(elsewhere.code() == StatusCode::kNotFound);
  CHECK_THAT(elsewhere.message(),
             Catch::Contains("abcd3333") && Catch::Contains("not on branch 'blog'"));
  CHECK_THAT(elsewhere.hint(), Catch::Contains("give the id alone"));
  CHECK(ResolveError(graph, "blog@ffff").code() == StatusCode::kNotFound);
}

TEST_CASE("an upgrade to label@PREFIX plans to that branch's revision", "[target]") {
  auto graph = SharedPrefix();
  auto plan = engine::PlanUpgrade(graph, {}, ParsedTarget("blog@abcd"));
  REQUIRE(plan.ok());
  CHECK(StepNames(*plan) == Names{"0000base", "abcd2222"});
}

TEST_CASE("a name that is one revision's label and starts another's id is refused", "[target]") {
  auto graph = Graph(
      {{"0000base"}, Rev("1111aaaa", {"0000base"}).Labels({"beef"}), {"beef2222", {"0000base"}}});
  Status status = ResolveError(graph, "beef");
  CHECK(status.code() == StatusCode::kAmbiguous);
  CHECK_THAT(status.message(), Catch::Contains("branch label of 1111aaaa") &&
                                   Catch::Contains("starts the id of beef2222"));
  CHECK_THAT(status.hint(), Catch::Contains("full id"));
  CHECK(Resolved(graph, "beef2222") == Names{"beef2222"});
  CHECK(Resolved(graph, "1111aaaa") == Names{"1111aaaa"});
  // A label that starts its own revision's id names one revision: no doubt to refuse.
  auto own = Graph({Rev("cafe1234").Labels({"cafe"})});
  CHECK(Resolved(own, "cafe") == Names{"cafe1234"});
}

}  // namespace
}  // namespace rev::testing
