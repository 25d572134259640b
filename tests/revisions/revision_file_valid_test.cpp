// The valid forms of a revision file: every header shape SPEC §1 allows, and sections kept
// byte for byte with the lines they start on.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/support/parse_revision_text.h"

namespace rev::testing {
namespace {

using revisions::Revision;

template <typename Name>  // RevisionId or RevisionRef
std::vector<std::string> Ids(const std::vector<Name>& ids) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back(id.str());
  return out;
}

std::vector<std::string> Labels(const Revision& revision) {
  std::vector<std::string> out;
  for (const auto& label : revision.branch_labels()) out.push_back(label.str());
  return out;
}

std::vector<std::string> DownOf(const std::string& value) {
  return Ids(MustParse("-- revision: abc\n-- down_revision: " + value + "\n-- rev:upgrade\n")
                 .revision.down_revisions());
}

const char* const kSpecExample =
    "-- revision: 9c0d1e2f3a4b\n"
    "-- down_revision: 3f2a9c1b7d4e        # null for a base; a list [a, b] for a merge\n"
    "-- message: add email index\n"
    "-- created_at: 2026-11-22T10:04:00Z\n"
    "-- branch_labels: []                   # optional\n"
    "-- depends_on: []                      # optional, revisions on other branches\n"
    "-- transactional: true                 # optional; false for CREATE INDEX CONCURRENTLY etc.\n"
    "\n"
    "-- rev:upgrade\n"
    "CREATE INDEX users_email ON users (email);\n"
    "\n"
    "-- rev:downgrade\n"
    "DROP INDEX users_email;\n";

TEST_CASE("the SPEC's example file reads field by field", "[revision_file]") {
  auto parsed = MustParse(kSpecExample);
  const Revision& r = parsed.revision;
  CHECK(parsed.warnings.empty());
  CHECK(r.id().str() == "9c0d1e2f3a4b");
  CHECK(Ids(r.down_revisions()) == std::vector<std::string>{"3f2a9c1b7d4e"});
  CHECK(r.message() == "add email index");
  CHECK(r.created_at() == "2026-11-22T10:04:00Z");
  CHECK(r.branch_labels().empty());
  CHECK(r.depends_on().empty());
  CHECK(r.transactional());
  CHECK(r.path() == kTestPath);
  CHECK_FALSE(r.is_base());
  CHECK_FALSE(r.is_merge());

  CHECK(r.upgrade_sql() == "CREATE INDEX users_email ON users (email);\n\n");
  REQUIRE(r.downgrade_sql().has_value());
  CHECK(*r.downgrade_sql() == "DROP INDEX users_email;\n");
  CHECK(r.has_downgrade());

  CHECK(r.lines().revision == 1);
  CHECK(r.lines().down_revision == 2);
  CHECK(r.lines().branch_labels == 5);
  CHECK(r.lines().depends_on == 6);
  CHECK(r.lines().upgrade_marker == 9);
  CHECK(r.lines().downgrade_marker == 12);
  CHECK(r.upgrade_first_line() == 10);
  CHECK(r.downgrade_first_line() == 13);
}

TEST_CASE("down_revision may be a scalar, a list, null or empty", "[revision_file]") {
  CHECK(DownOf("abc1") == std::vector<std::string>{"abc1"});
  CHECK(DownOf("[abc1]") == std::vector<std::string>{"abc1"});
  CHECK(DownOf("[b2, a1]") == std::vector<std::string>{"b2", "a1"});  // as written
  CHECK(DownOf("['b2', \"a1\"]") == std::vector<std::string>{"b2", "a1"});
  CHECK(DownOf("'abc1'") == std::vector<std::string>{"abc1"});
  CHECK(DownOf("\"abc1\"") == std::vector<std::string>{"abc1"});
  CHECK(DownOf("abc1   # the parent") == std::vector<std::string>{"abc1"});
  CHECK(DownOf("[a1, b2]  # a merge") == std::vector<std::string>{"a1", "b2"});
  CHECK(DownOf("123456") == std::vector<std::string>{"123456"});  // digits stay a string id
  for (const char* none : {"null", "~", "", "[]", "Null", "NULL", "# nothing", "[ ]"}) {
    INFO("down_revision: " << none);
    CHECK(DownOf(none).empty());
  }
  // Block lists go through yaml-cpp and give the same answer.
  auto merge =
      MustParse("-- revision: m1\n-- down_revision:\n--   - a1\n--   - b2\n-- rev:upgrade\n");
  CHECK(Ids(merge.revision.down_revisions()) == std::vector<std::string>{"a1", "b2"});
  CHECK(merge.revision.is_merge());
  CHECK(merge.revision.lines().down_revision == 2);
  CHECK(MustParse("-- revision: b\n-- down_revision: null\n-- rev:upgrade\n").revision.is_base());
}

TEST_CASE("branch_labels and depends_on take a scalar or a list", "[revision_file]") {
  auto parsed = MustParse(
      "-- revision: abc\n-- down_revision: null\n-- branch_labels: [feature.x, hot-fix_2]\n"
      "-- depends_on: [d1, 'd2']\n-- rev:upgrade\n");
  CHECK(Labels(parsed.revision) == std::vector<std::string>{"feature.x", "hot-fix_2"});
  CHECK(Ids(parsed.revision.depends_on()) == std::vector<std::string>{"d1", "d2"});
  CHECK(parsed.revision.lines().branch_labels == 3);
  CHECK(parsed.revision.lines().depends_on == 4);

  auto scalars = MustParse(
      "-- revision: abc\n-- down_revision: null\n-- branch_labels: feature\n-- depends_on: d1\n"
      "-- rev:upgrade\n");
  CHECK(Labels(scalars.revision) == std::vector<std::string>{"feature"});
  CHECK(Ids(scalars.revision.depends_on()) == std::vector<std::string>{"d1"});

  auto none = MustParse(
      "-- revision: abc\n-- down_revision: null\n-- branch_labels: ~\n"
      "-- depends_on:\n-- rev:upgrade\n");
  CHECK(none.revision.branch_labels().empty());
  CHECK(none.revision.depends_on().empty());
}

TEST_CASE("quoted values and comments after values", "[revision_file]") {
  auto message = [](const std::string& value) {
    return MustParse("-- revision: abc\n-- down_revision: null\n-- message: " + value +
                     "\n-- rev:upgrade\n")
        .revision.message();
  };
  CHECK(message("'fix: the bug # 12'") == "fix: the bug # 12");
  CHECK(message("\"fix: the bug # 12\"") == "fix: the bug # 12");
  CHECK(message("'it''s done'") == "it's done");
  CHECK(message("\"say \\\"hi\\\" \\\\ bye\"") == "say \"hi\" \\ bye");
  CHECK(message("\"caf\\u00e9\"") == "caf\xC3\xA9");
  CHECK(message("caf\xC3\xA9 cr\xC3\xA8me") == "caf\xC3\xA9 cr\xC3\xA8me");
  CHECK(message("add index   # a comment") == "add index");
  CHECK(message("'quoted'   # a comment") == "quoted");
  CHECK(message("issue#12 stays") == "issue#12 stays");  // '#' without a space before it
  CHECK(message("a:b") == "a:b");
  CHECK(message("true") == "true");
  CHECK(message("12") == "12");
  CHECK(message("") == "");
  CHECK(message("''") == "");
  CHECK(message(">-\n--   folded\n--   message") == "folded message");
}

TEST_CASE("transactional: false", "[revision_file]") {
  auto with = [](const char* value) {
    return MustParse(std::string("-- revision: abc\n-- down_revision: null\n-- transactional: ") +
                     value + "\n-- rev:upgrade\nCREATE INDEX CONCURRENTLY i ON t (c);\n")
        .revision.transactional();
  };
  CHECK_FALSE(with("false"));
  CHECK_FALSE(with("False"));
  CHECK_FALSE(with("FALSE"));
  CHECK_FALSE(with("'false'"));
  CHECK(with("true"));
  CHECK(with("True"));
  CHECK(MustParse("-- revision: abc\n-- down_revision: null\n-- rev:upgrade\n")
            .revision.transactional());
}

TEST_CASE("message and created_at may be absent or null", "[revision_file]") {
  auto parsed =
      MustParse("-- revision: abc\n-- down_revision: null\n-- created_at:\n-- rev:upgrade\n");
  CHECK(parsed.revision.message().empty());
  CHECK(parsed.revision.created_at().empty());
}

TEST_CASE("header layout: blank lines, comment lines, marker spellings", "[revision_file]") {
  auto parsed = MustParse(
      "--\n"
      "-- # a comment line in the header\n"
      "--revision: abc\n"
      "\n"
      "-- down_revision: null   \t\n"
      "--   rev:upgrade  \n"
      "SELECT 1;\n"
      "--rev:downgrade\n"
      "SELECT 2;");
  CHECK(parsed.revision.id().str() == "abc");
  CHECK(parsed.revision.lines().revision == 3);
  CHECK(parsed.revision.lines().down_revision == 5);
  CHECK(parsed.revision.lines().upgrade_marker == 6);
  CHECK(parsed.revision.lines().downgrade_marker == 8);
  CHECK(parsed.revision.upgrade_sql() == "SELECT 1;\n");
  CHECK(parsed.revision.downgrade_sql() == std::optional<std::string>("SELECT 2;"));
}

TEST_CASE("sections are the file's bytes, SQL comments included", "[revision_file]") {
  std::string upgrade =
      "-- create the table\n"
      "CREATE TABLE t (\n"
      "  id INTEGER, -- the key\n"
      "  note TEXT DEFAULT '  two  spaces  '\n"
      ");\n"
      "/* a block\n   comment */\n"
      "\n\n";
  auto parsed = MustParse("-- revision: abc\n-- down_revision: null\n-- rev:upgrade\n" + upgrade +
                          "-- rev:downgrade\n\tDROP TABLE t;  \n\n");
  CHECK(parsed.revision.upgrade_sql() == upgrade);
  CHECK(parsed.revision.downgrade_sql() == std::optional<std::string>("\tDROP TABLE t;  \n\n"));
  CHECK(parsed.revision.upgrade_first_line() == 4);
  CHECK(parsed.revision.downgrade_first_line() == 14);
}

TEST_CASE("CRLF files: lines still right, sections byte-exact", "[revision_file]") {
  auto parsed = MustParse(
      "-- revision: abc\r\n"
      "-- down_revision: [p1, p2]\r\n"
      "-- message: 'crlf file'\r\n"
      "\r\n"
      "-- rev:upgrade\r\n"
      "SELECT 1;\r\n"
      "SELECT 2;\r\n"
      "-- rev:downgrade\r\n"
      "SELECT 3;\r\n");
  const Revision& r = parsed.revision;
  CHECK(r.message() == "crlf file");
  CHECK(Ids(r.down_revisions()) == std::vector<std::string>{"p1", "p2"});
  CHECK(r.lines().down_revision == 2);
  CHECK(r.lines().upgrade_marker == 5);
  CHECK(r.upgrade_first_line() == 6);
  CHECK(r.lines().downgrade_marker == 8);
  CHECK(r.upgrade_sql() == "SELECT 1;\r\nSELECT 2;\r\n");
  CHECK(r.downgrade_sql() == std::optional<std::string>("SELECT 3;\r\n"));
  CHECK(parsed.warnings.empty());

  SECTION("and errors in them are located on the right line") {
    RequireErrorAt(MustFail("-- revision: abc\r\n-- down_revision: null\r\n-- rev:upgrade\r\n"
                            "SELECT 1;\r\n-- rev:upgrade\r\n"),
                   5, "second `-- rev:upgrade`");
    RequireErrorAt(MustFail("-- revision: abc\r\n-- down_revision: [a, a]\r\n-- rev:upgrade\r\n"),
                   2, "twice");
  }
}

TEST_CASE("a leading UTF-8 byte-order mark is ignored", "[revision_file]") {
  std::string plain = "-- revision: abc\n-- down_revision: null\n-- rev:upgrade\nSELECT 1;\n";
  auto with_bom = MustParse("\xEF\xBB\xBF" + plain);
  auto without = MustParse(plain);
  CHECK(with_bom.revision.id().str() == "abc");
  CHECK(with_bom.revision.lines().revision == 1);
  CHECK(with_bom.revision.upgrade_first_line() == 4);
  CHECK(with_bom.revision.upgrade_sql() == "SELECT 1;\n");
  CHECK(with_bom.revision.checksum() == without.revision.checksum());
  // Only a leading one: a BOM further on is part of the SQL.
  auto inner = MustParse(plain + "\xEF\xBB\xBF");
  CHECK(inner.revision.upgrade_sql() == "SELECT 1;\n\xEF\xBB\xBF");
}

TEST_CASE("a merge revision with an empty upgrade section", "[revision_file]") {
  auto parsed = MustParse(
      "-- revision: m1\n-- down_revision: [a1, b2]\n-- message: merge heads\n\n"
      "-- rev:upgrade\n\n-- rev:downgrade\n");
  CHECK(parsed.revision.is_merge());
  CHECK(parsed.revision.upgrade_sql() == "\n");
  CHECK(parsed.revision.downgrade_sql() == std::optional<std::string>(""));
  CHECK_FALSE(parsed.revision.has_downgrade());
  CHECK(MustParse("-- revision: m1\n-- down_revision: [a1, b2]\n-- rev:upgrade")
            .revision.upgrade_sql() == "");
}

TEST_CASE("an upgrade section is empty, comments only, or SQL", "[revision_file]") {
  using revisions::SectionContent;
  auto upgrade = [](const std::string& sql) {
    return MustParse("-- revision: abc\n-- down_revision: a1\n-- rev:upgrade\n" + sql +
                     "-- rev:downgrade\n")
        .revision;
  };
  // What `rev create` leaves: nothing, or only blank lines. A mistake.
  for (const char* sql : {"", "\n", " \t\n\r\n\n"}) {
    CHECK(upgrade(sql).upgrade_content() == SectionContent::kEmpty);
    CHECK(upgrade(sql).upgrade_left_empty());
  }
  // A comment, of either kind, is the mark of a revision that deliberately does nothing.
  for (const char* sql : {"-- only PostgreSQL changed in this version\n",
                          "\n/* nothing for SQLite */\n\n", "  -- a\n/* b */ -- c\n"}) {
    Revision r = upgrade(sql);
    CHECK(r.upgrade_content() == SectionContent::kCommentsOnly);
    CHECK(r.upgrade_runs_nothing());
    CHECK_FALSE(r.upgrade_left_empty());
  }
  for (const char* sql : {"SELECT 1;\n", "-- why\nSELECT 1;\n", "/* open\n", "/* a */ x\n"}) {
    CHECK(upgrade(sql).upgrade_content() == SectionContent::kSql);
    CHECK_FALSE(upgrade(sql).upgrade_runs_nothing());
  }
  // A merge revision may be left empty.
  Revision merge =
      MustParse("-- revision: m1\n-- down_revision: [a1, b2]\n-- rev:upgrade\n").revision;
  CHECK(merge.upgrade_content() == SectionContent::kEmpty);
  CHECK_FALSE(merge.upgrade_left_empty());
}

TEST_CASE("downgrade: absent, empty, comments only, or SQL", "[revision_file]") {
  const std::string head = "-- revision: abc\n-- down_revision: null\n-- rev:upgrade\nSELECT 1;\n";
  SECTION("no downgrade marker: nullopt, and the upgrade runs to the end") {
    const Revision r = MustParse(head + "SELECT 2;\n").revision;
    CHECK_FALSE(r.downgrade_sql().has_value());
    CHECK_FALSE(r.has_downgrade());
    CHECK(r.lines().downgrade_marker == 0);
    CHECK(r.upgrade_sql() == "SELECT 1;\nSELECT 2;\n");
  }
  SECTION("an empty one") {
    const Revision r = MustParse(head + "-- rev:downgrade\n").revision;
    REQUIRE(r.downgrade_sql().has_value());
    CHECK(r.downgrade_sql()->empty());
    CHECK_FALSE(r.has_downgrade());
    CHECK(r.lines().downgrade_marker == 5);
  }
  SECTION("whitespace and comments only") {
    const Revision r =
        MustParse(head + "-- rev:downgrade\n\n  -- nothing to undo\n/* really */\n\t\n").revision;
    REQUIRE(r.downgrade_sql().has_value());
    CHECK_FALSE(r.has_downgrade());
  }
  SECTION("an unterminated block comment is not blank") {
    CHECK(MustParse(head + "-- rev:downgrade\n/* open\n").revision.has_downgrade());
  }
  SECTION("SQL") {
    const Revision r = MustParse(head + "-- rev:downgrade\n-- undo\nDROP TABLE t;\n").revision;
    CHECK(r.has_downgrade());
    CHECK(r.downgrade_sql() == std::optional<std::string>("-- undo\nDROP TABLE t;\n"));
  }
}

}  // namespace
}  // namespace rev::testing

namespace rev::testing {
namespace {

// Read without its sections (a command that runs no SQL), a revision still says whether
// each section does anything; read without its checksum, it has none.
TEST_CASE("a revision read without sections or checksum keeps what validation needs",
          "[revision_file]") {
  auto facts = [](const std::string& text) {
    revisions::ParseOptions options;
    options.checksum = false;
    options.sections = false;
    auto parsed = revisions::ParseRevisionText(text, "r.sql", options);
    REQUIRE(parsed.ok());
    return std::move(parsed).value().revision;
  };
  const std::string head = "-- revision: abc\n-- down_revision: null\n";
  Revision full = facts(head + "-- rev:upgrade\nSELECT 1;\n-- rev:downgrade\nSELECT 2;\n");
  CHECK_FALSE(full.sections_loaded());
  CHECK(full.upgrade_sql().empty());
  CHECK(full.checksum().empty());
  CHECK(full.upgrade_content() == revisions::SectionContent::kSql);
  CHECK(full.has_downgrade_marker());
  CHECK(full.has_downgrade());

  Revision blank = facts(head + "-- rev:upgrade\n-- nothing\n-- rev:downgrade\n/* nor */\n");
  CHECK(blank.upgrade_content() == revisions::SectionContent::kCommentsOnly);
  CHECK(blank.has_downgrade_marker());
  CHECK_FALSE(blank.has_downgrade());

  Revision none = facts(head + "-- rev:upgrade\nSELECT 1;\n");
  CHECK_FALSE(none.has_downgrade_marker());
  CHECK_FALSE(none.has_downgrade());

  // Read in full, the same facts.
  Revision loaded =
      MustParse(head + "-- rev:upgrade\n-- nothing\n-- rev:downgrade\n/* nor */\n").revision;
  CHECK(loaded.sections_loaded());
  CHECK(loaded.upgrade_content() == blank.upgrade_content());
  CHECK(loaded.has_downgrade() == blank.has_downgrade());
  CHECK_FALSE(loaded.checksum().empty());
}

}  // namespace
}  // namespace rev::testing
