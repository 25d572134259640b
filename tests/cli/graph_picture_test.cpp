// `rev graph`: the revision graph as Graphviz DOT, Mermaid and SVG, drawn by the real `dot`
// (Debian's graphviz), limited by -r as `history -r`; refusals. With --db: db_graph_test.cpp.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/graphviz.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using Catch::StartsWith;

// a1 -> b2 -> {c3, d4 (side)} -> e5 (merge), and x1 (audit), a second base that d4
// depends on.
void BranchyProject(Project* p) {
  p->Revision(Rev("a1").Message("create users"));
  p->Revision(Rev("x1").Message("audit log").Labels({"audit"}));
  p->Revision(Rev("b2", {"a1"}).Message("add email"));
  p->Revision(Rev("c3", {"b2"}).Message("add orders"));
  p->Revision(Rev("d4", {"b2"}).Message("add search").Labels({"side"}).DependsOn({"x1"}));
  p->Revision(Rev("e5", {"c3", "d4"}).Merge().Message("merge search"));
}

TEST_CASE("graph prints DOT: labels, heads, bases, branch and merge points", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  auto result = p.Rev({"graph"});
  REV_REQUIRE_EXIT(result, 0);
  const std::string& dot = result.out;
  CHECK_THAT(dot, StartsWith("// The revision graph of rev") && Contains("digraph revisions {") &&
                      Contains("  rankdir=BT;\n"));
  CHECK(DotNode(dot, "a1") == R"(  "a1" [label="a1 (base)\ncreate users", style="rounded"];)");
  CHECK(DotNode(dot, "x1") ==
        R"(  "x1" [label="x1 (audit) (head) (base)\naudit log", peripheries=2, style="rounded"];)");
  CHECK(DotNode(dot, "b2") == R"(  "b2" [label="b2 (branchpoint)\nadd email", style="rounded"];)");
  CHECK(DotNode(dot, "d4") == R"(  "d4" [label="d4 (side)\nadd search", style="rounded"];)");
  CHECK(
      DotNode(dot, "e5") ==
      R"(  "e5" [label="e5 (head) (mergepoint)\nmerge search", peripheries=2, style="rounded"];)");
  // Parent edges plain, the depends_on edge apart: dashed, coloured, an open arrowhead.
  Lines edges = LinesStartingWith(dot, "  \"");
  edges.erase(std::remove_if(
                  edges.begin(), edges.end(),
                  [](const std::string& line) { return line.find(" -> ") == std::string::npos; }),
              edges.end());
  CHECK(
      edges ==
      Lines{
          R"(  "c3" -> "e5";)", R"(  "d4" -> "e5";)", R"(  "b2" -> "d4";)",
          R"(  "x1" -> "d4" [style=dashed, color="#1f6feb", arrowhead=empty, tooltip="depends_on"];)",
          R"(  "b2" -> "c3";)", R"(  "a1" -> "b2";)"});
  // Nodes in history's order, newest first, and the same bytes on every run.
  auto history = p.Rev({"history", "--json"});
  REV_REQUIRE_EXIT(history, 0);
  nlohmann::json listed = JsonOf(history);
  Lines order;
  for (const auto& entry : listed["revisions"]) order.push_back(entry["revision"]);
  CHECK(DotNodeOrder(dot) == order);
  CHECK(p.Rev({"graph"}).out == dot);
}

TEST_CASE("graph's DOT is drawn by the real dot, each mark where it belongs", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  auto result = p.Rev({"graph"});
  REV_REQUIRE_EXIT(result, 0);
  auto drawn = DrawWithDot(result.out);
  REV_REQUIRE_EXIT(drawn, 0);
  CHECK(drawn.err.empty());  // no warning either
  const std::string& svg = drawn.out;
  CHECK_THAT(svg, Contains("<svg") && Contains("</svg>"));
  // A head has two borders, any other revision one.
  CHECK(CountOf(SvgGroup(svg, "e5"), "<path") == 2);
  CHECK(CountOf(SvgGroup(svg, "x1"), "<path") == 2);
  CHECK(CountOf(SvgGroup(svg, "b2"), "<path") == 1);
  CHECK_THAT(SvgGroup(svg, "e5"),
             Contains(">e5 (head) (mergepoint)</text>") && Contains(">merge search</text>"));
  CHECK_THAT(SvgGroup(svg, "d4"), Contains(">d4 (side)</text>"));
  // The depends_on edge is dashed; parent edges are not.
  std::string depends = SvgGroup(svg, "x1&#45;&gt;d4");
  REQUIRE_FALSE(depends.empty());
  CHECK_THAT(depends, Contains("stroke-dasharray") && Contains("#1f6feb"));
  std::string parent = SvgGroup(svg, "a1&#45;&gt;b2");
  REQUIRE_FALSE(parent.empty());
  CHECK_FALSE(parent.find("stroke-dasharray") != std::string::npos);
}

TEST_CASE("graph --format svg is the SVG dot draws from graph's DOT", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  auto svg = p.Rev({"graph", "--format", "svg"});
  REV_REQUIRE_EXIT(svg, 0);
  CHECK_THAT(svg.out, StartsWith("<?xml") && Contains("<svg") && Contains("merge search"));
  auto dot = p.Rev({"graph"});
  REV_REQUIRE_EXIT(dot, 0);
  auto drawn = DrawWithDot(dot.out);
  REV_REQUIRE_EXIT(drawn, 0);
  CHECK(svg.out == drawn.out);
}

TEST_CASE("graph --format svg without dot on PATH says what to install, exit 2", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  TempDir empty_bin;  // a PATH with no dot in it
  ProcessOptions options;
  options.env["PATH"] = empty_bin.path().string();
  auto result = p.Rev({"graph", "--format", "svg"}, options);
  REV_CHECK_EXIT(result, 2);
  CHECK(result.out.empty());
  CHECK_THAT(result.err, Contains("rev: error: --format svg needs Graphviz's `dot`") &&
                             Contains("apt-get install graphviz") &&
                             Contains("rev graph | dot -Tsvg"));
  // DOT and Mermaid need no dot.
  REV_CHECK_EXIT(p.Rev({"graph"}, options), 0);
  REV_CHECK_EXIT(p.Rev({"graph", "--format", "mermaid"}, options), 0);
}

TEST_CASE("graph prints Mermaid: nodes, parent and depends_on edges, classes", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  auto result = p.Rev({"graph", "--format", "mermaid"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK(result.out ==
        "%% The revision graph of rev (`rev graph --format mermaid`).\n"
        "flowchart BT\n"
        "  r_e5(\"e5 (head) (mergepoint)<br>merge search\")\n"
        "  r_d4(\"d4 (side)<br>add search\")\n"
        "  r_c3(\"c3<br>add orders\")\n"
        "  r_b2(\"b2 (branchpoint)<br>add email\")\n"
        "  r_x1(\"x1 (audit) (head) (base)<br>audit log\")\n"
        "  r_a1(\"a1 (base)<br>create users\")\n"
        "  r_c3 --> r_e5\n"
        "  r_d4 --> r_e5\n"
        "  r_b2 --> r_d4\n"
        "  r_x1 -.->|depends_on| r_d4\n"
        "  r_b2 --> r_c3\n"
        "  r_a1 --> r_b2\n"
        "  classDef head stroke-width:3px\n"
        "  class r_e5,r_x1 head\n");
}

TEST_CASE("graph escapes labels for DOT and for Mermaid", "[cli][graph]") {
  Project p;
  // Written in the header's YAML double quotes: the message is
  //   say "hi" \ <b>&amp; #1 50%   (newline)   second line
  p.Revision(Rev("a1").Message(R"(say \"hi\" \\ <b>&amp; #1 50%\nsecond line)"));
  p.Revision(Rev("end", {"a1"}).Message("`tick`"));  // `end` is a Mermaid keyword
  auto dot = p.Rev({"graph"});
  REV_REQUIRE_EXIT(dot, 0);
  CHECK(
      DotNode(dot.out, "a1") ==
      R"(  "a1" [label="a1 (base)\nsay \"hi\" \\ &lt;b&gt;&amp;amp; #1 50%\nsecond line", style="rounded"];)");
  auto drawn = DrawWithDot(dot.out);
  REV_REQUIRE_EXIT(drawn, 0);
  // What dot shows is the message as written, in the SVG's own escaping.
  CHECK_THAT(SvgGroup(drawn.out, "a1"),
             Contains(">say &quot;hi&quot; \\ &lt;b&gt;&amp;amp; #1 50%</text>") &&
                 Contains(">second line</text>"));

  auto mermaid = p.Rev({"graph", "--format", "mermaid"});
  REV_REQUIRE_EXIT(mermaid, 0);
  CHECK_THAT(mermaid.out,
             Contains("  r_a1(\"a1 (base)<br>say #34;hi#34; \\ #60;b#62;#38;amp; #35;1 50#37;"
                      "<br>second line\")\n") &&
                 Contains("  r_end(\"end (head)<br>#96;tick#96;\")\n") &&
                 Contains("  r_a1 --> r_end\n"));
}

TEST_CASE("graph -r limits the picture as history -r does", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  auto result = p.Rev({"graph", "-r", "b2:e5"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK(DotNodeOrder(result.out) == Lines{"e5", "d4", "c3", "b2"});
  // Marks stay those of the whole graph; edges to revisions outside the range are left out.
  CHECK_THAT(DotNode(result.out, "b2"), Contains("b2 (branchpoint)"));
  CHECK_FALSE(result.out.find("\"x1\"") != std::string::npos);
  CHECK_FALSE(result.out.find("\"a1\"") != std::string::npos);
  CHECK(LinesStartingWith(result.out, "  \"b2\" -> ").size() == 2);
  REV_CHECK_EXIT(DrawWithDot(result.out), 0);

  auto mermaid = p.Rev({"graph", "--format", "mermaid", "-r", "c3:"});
  REV_REQUIRE_EXIT(mermaid, 0);
  CHECK(LinesStartingWith(mermaid.out, "  r_") ==
        Lines{"  r_e5(\"e5 (head) (mergepoint)<br>merge search\")", "  r_c3(\"c3<br>add orders\")",
              "  r_c3 --> r_e5"});
}

TEST_CASE("graph refuses a bad range, format or --json with exit 2", "[cli][graph]") {
  Project p;
  BranchyProject(&p);
  auto no_colon = p.Rev({"graph", "-r", "b2"});
  REV_CHECK_EXIT(no_colon, 2);
  CHECK_THAT(no_colon.err, Contains("graph -r takes START:END"));
  auto unknown = p.Rev({"graph", "-r", "zz99:head"});
  REV_CHECK_EXIT(unknown, 2);
  CHECK_THAT(unknown.err, Contains("zz99"));
  auto backwards = p.Rev({"graph", "-r", "c3:b2"});
  REV_CHECK_EXIT(backwards, 2);
  auto format = p.Rev({"graph", "--format", "png"});
  REV_CHECK_EXIT(format, 2);
  CHECK_THAT(format.err, Contains("png"));
  auto json = p.Rev({"graph", "--json"});
  REV_CHECK_EXIT(json, 2);
  CHECK_THAT(json.err, Contains("no --json form"));
  for (const auto* result : {&no_colon, &unknown, &backwards, &format}) CHECK(result->out.empty());
}

TEST_CASE("graph without --db opens no database", "[cli][graph]") {
  Project p;  // rev.yaml names sqlite:///app.db
  BranchyProject(&p);
  REV_REQUIRE_EXIT(p.Rev({"graph"}), 0);  // leaves the scan cache in .rev/, as any command
  auto before = p.Snapshot();
  REV_CHECK_EXIT(p.Rev({"graph"}), 0);
  // A server no one listens on: connecting would fail.
  REV_CHECK_EXIT(p.Rev({"graph", "-d", "postgresql://nobody@127.0.0.1:1/none"}), 0);
  CHECK(p.Snapshot() == before);
  CHECK_FALSE(std::filesystem::exists(p.root() / "app.db"));
}

}  // namespace
}  // namespace rev::testing
