// `rev graph --db`: where a real SQLite or PostgreSQL database stands (current heads,
// applied vs pending), read without writing anything, drawn by the real `dot`.
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/exit_checks.h"
#include "tests/support/graphviz.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using Catch::StartsWith;

// a -> b -> {c, d}, with c applied: a, b, c applied and d pending.
void BranchOnDatabase(DbProject* p) {
  p->Write(TableChain(3));
  p->Write({{"d", {"b"}, "CREATE TABLE t4 (x INTEGER);", "DROP TABLE t4;"}});
  REV_REQUIRE_EXIT(p->Rev({"upgrade", "c"}), 0);
}

TEST_CASE("graph --db marks the current heads and applied vs pending", "[cli][graph][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  BranchOnDatabase(&p);
  Lines history = p.History();
  auto result = p.Rev({"graph", "--db"});
  REV_REQUIRE_EXIT(result, 0);
  const std::string& dot = result.out;
  CHECK_THAT(dot, Contains(": current c; 3 applied, 1 pending\\nfilled: applied, dashed: pending, "
                           "bold: current\";"));
  CHECK_THAT(dot, Contains("label=\"" + p.db().url().Redacted() + ": current c;"));
  if (!p.db().url().password().empty())
    CHECK(dot.find(p.db().url().password()) == std::string::npos);
  CHECK_THAT(DotNode(dot, "c"), Contains("(head) (current)") && Contains("fillcolor=") &&
                                    Contains("style=\"rounded,filled,bold\""));
  CHECK_THAT(DotNode(dot, "a"), Contains("style=\"rounded,filled\""));
  CHECK_THAT(DotNode(dot, "d"),
             Contains("d (head) (pending)") && Contains("style=\"rounded,dashed\""));
  CHECK(DotNode(dot, "d").find("fillcolor") == std::string::npos);
  auto drawn = DrawWithDot(dot);
  REV_REQUIRE_EXIT(drawn, 0);
  CHECK_THAT(SvgGroup(drawn.out, "c"), Contains("fill=\"#c8e6c9\""));
  CHECK_THAT(SvgGroup(drawn.out, "d"), Contains("stroke-dasharray"));

  auto mermaid = p.Rev({"graph", "--db", "--format", "mermaid"});
  REV_REQUIRE_EXIT(mermaid, 0);
  CHECK_THAT(mermaid.out, StartsWith("---\ntitle: \"") &&
                              Contains(": current c; 3 applied, 1 pending\"\n---\n") &&
                              Contains("  class r_c,r_b,r_a applied\n") &&
                              Contains("  class r_d pending\n") &&
                              Contains("  class r_c current\n"));
  CHECK(p.History() == history);  // read, never written
  CHECK(p.Heads() == Lines{"c"});
}

TEST_CASE("graph --db on a database with nothing applied creates nothing", "[cli][graph][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(TableChain(3));
  auto result = p.Rev({"graph", "--db"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains(": current base (nothing applied); 0 applied, 3 pending"));
  CHECK(LinesStartingWith(result.out, "  \"").size() == 5);  // three nodes, two edges
  if (p.db().is_sqlite()) {
    CHECK_FALSE(std::filesystem::exists(p.db().sqlite_file()));
  } else {
    CHECK_FALSE(p.HasTable("rev_version"));
  }
}

TEST_CASE("graph --db draws a current head the folder lacks apart", "[cli][graph][db]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  BranchOnDatabase(&p);
  p.db().Execute("INSERT INTO rev_version (version_num) VALUES ('zz9')");
  auto result = p.Rev({"graph", "--db"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK(DotNode(result.out, "zz9") ==
        R"(  "zz9" [label="zz9 (current)\nnot in the revisions folder", color="#c62828", )"
        R"(style="dashed,bold"];)");
  CHECK_THAT(result.out, Contains(": current c, zz9; 3 applied, 1 pending"));
  REV_CHECK_EXIT(DrawWithDot(result.out), 0);
  auto mermaid = p.Rev({"graph", "--db", "--format", "mermaid"});
  REV_REQUIRE_EXIT(mermaid, 0);
  CHECK_THAT(mermaid.out,
             Contains("  db_head_1(\"zz9 (current)<br>not in the revisions folder\")\n") &&
                 Contains("  class db_head_1 stranger\n"));
}

}  // namespace
}  // namespace rev::testing
