// Every malformed revision file is refused with an error naming file:line and saying what
// was expected.
#include <catch2/catch.hpp>
#include <string>

#include "tests/support/parse_revision_text.h"

namespace rev::testing {
namespace {

// A valid two-line header followed by `rest`.
std::string File(const std::string& rest) {
  return "-- revision: 9c0d1e2f3a4b\n-- down_revision: 3f2a9c1b7d4e\n" + rest;
}

TEST_CASE("an empty or blank file is refused at line 1", "[revision_file][errors]") {
  RequireErrorAt(MustFail(""), 1, "empty");
  RequireErrorAt(MustFail("  \n\n\t\r\n"), 1, "empty");
  RequireErrorAt(MustFail("\xEF\xBB\xBF"), 1, "empty");  // a byte-order mark alone
  RequireErrorAt(MustFail("\xEF\xBB\xBF\r\n"), 1, "empty");
}

TEST_CASE("a file without a header is refused", "[revision_file][errors]") {
  Status error = MustFail("-- rev:upgrade\nCREATE TABLE t (id INTEGER);\n");
  RequireErrorAt(error, 1, "no header");
  CHECK(error.hint().find("-- revision: ID") != std::string::npos);
}

TEST_CASE("a header without a revision or down_revision key is refused",
          "[revision_file][errors]") {
  RequireErrorAt(MustFail("-- message: hello\n-- down_revision: null\n-- rev:upgrade\n"), 1,
                 "no `revision:` key");
  // The missing down_revision is reported at the revision line, where it belongs.
  Status error = MustFail("-- message: hello\n-- revision: abc\n-- rev:upgrade\n");
  RequireErrorAt(error, 2, "no `down_revision:` key");
  CHECK(error.hint().find("null") != std::string::npos);
}

TEST_CASE("a file without an upgrade marker is refused", "[revision_file][errors]") {
  RequireErrorAt(MustFail(File("-- message: x\n")), 3, "no `-- rev:upgrade` marker");
  // A downgrade marker alone is a downgrade before the (missing) upgrade.
  RequireErrorAt(MustFail(File("\n-- rev:downgrade\nDROP TABLE t;\n")), 4,
                 "`-- rev:downgrade` comes before `-- rev:upgrade`");
}

TEST_CASE("marker errors name the marker's line", "[revision_file][errors]") {
  SECTION("two upgrade markers") {
    Status error = MustFail(File("-- rev:upgrade\nSELECT 1;\n-- rev:upgrade\nSELECT 2;\n"));
    RequireErrorAt(error, 5, "second `-- rev:upgrade`");
    CHECK(error.message().find("line 3") != std::string::npos);
  }
  SECTION("downgrade before upgrade") {
    RequireErrorAt(MustFail(File("-- rev:downgrade\nDROP TABLE t;\n-- rev:upgrade\n")), 3,
                   "comes before");
  }
  SECTION("two downgrade markers") {
    Status error =
        MustFail(File("-- rev:upgrade\nSELECT 1;\n-- rev:downgrade\n\n--rev:downgrade\n"));
    RequireErrorAt(error, 7, "second `-- rev:downgrade`");
    CHECK(error.message().find("line 5") != std::string::npos);
  }
  SECTION("an unknown marker, in the header or in a section") {
    RequireErrorAt(MustFail(File("-- rev:upgrades\nSELECT 1;\n")), 3,
                   "unknown marker `-- rev:upgrades`");
    Status error = MustFail(File("-- rev:upgrade\nSELECT 1;\n-- rev:Downgrade\n"));
    RequireErrorAt(error, 5, "unknown marker");
    CHECK(error.hint().find("-- rev:downgrade") != std::string::npos);
  }
}

TEST_CASE("SQL before the upgrade marker is refused at its line", "[revision_file][errors]") {
  RequireErrorAt(MustFail(File("CREATE TABLE t (id INTEGER);\n-- rev:upgrade\n")), 3,
                 "SQL before the `-- rev:upgrade` marker");
  RequireErrorAt(MustFail("SELECT 1;\n" + File("-- rev:upgrade\n")), 1, "SQL before");
}

TEST_CASE("a header that is not YAML is refused at the offending line", "[revision_file][errors]") {
  SECTION("a value with ': ' that is not quoted") {
    Status error = MustFail(File("-- message: fix: the bug\n-- rev:upgrade\n"));
    RequireErrorAt(error, 3, "not valid YAML");
    CHECK(error.hint().find("quote") != std::string::npos);
  }
  SECTION("an unclosed flow list") {
    Status error =
        MustFail("-- revision: abc\n-- down_revision: [a, b\n-- message: x\n-- rev:upgrade\n");
    REQUIRE(error.location().has_value());
    INFO(error.ToString());
    CHECK(error.location()->line >= 2);
    CHECK(error.location()->line <= 4);
    CHECK(error.message().find("not valid YAML") != std::string::npos);
  }
  SECTION("a quote that is never closed, even when lines follow it") {
    // yaml-cpp alone would read the later lines into the message and lose depends_on.
    Status error =
        MustFail(File("-- message: \"fix the bug\n-- depends_on: [x1]\n\n-- rev:upgrade\n"));
    RequireErrorAt(error, 3, "the quoted value of 'message' is never closed");
    RequireErrorAt(MustFail(File("-- depends_on: [x1]\n-- message: 'it''s\n-- rev:upgrade\n")), 4,
                   "never closed");
  }
  SECTION("a header that is a list") {
    RequireErrorAt(MustFail("-- - a\n-- - b\n-- rev:upgrade\n"), 1, "not a list");
  }
  SECTION("a header that is one value") {
    RequireErrorAt(MustFail("-- just words\n-- rev:upgrade\n"), 1, "not a single value");
  }
}

TEST_CASE("a duplicate header key is refused at its second line", "[revision_file][errors]") {
  // Both readers: the plain form, and a form only yaml-cpp reads (a block list).
  Status plain = MustFail(File("-- message: a\n-- message: b\n-- rev:upgrade\n"));
  RequireErrorAt(plain, 4, "duplicate header key 'message' (first at line 3)");
  Status yaml = MustFail(File("-- depends_on:\n--   - abc\n-- depends_on: []\n-- rev:upgrade\n"));
  RequireErrorAt(yaml, 5, "duplicate header key 'depends_on'");
  RequireErrorAt(
      MustFail("-- revision: a\n-- revision: a\n-- down_revision: null\n-- rev:upgrade\n"), 2,
      "duplicate header key 'revision'");
}

TEST_CASE("an invalid revision id is refused with the rule it breaks", "[revision_file][errors]") {
  auto with_id = [](const std::string& id) {
    return MustFail("-- message: m\n-- revision: " + id +
                    "\n-- down_revision: null\n-- rev:upgrade\n");
  };
  RequireErrorAt(with_id("abc-def"), 2, "letters, digits and '_'");
  RequireErrorAt(with_id("'abc def'"), 2, "not a valid revision id");
  RequireErrorAt(with_id("caf\xC3\xA9"), 2, "not a valid revision id");
  for (const char* word : {"head", "heads", "base", "current"}) {
    INFO(word);
    RequireErrorAt(with_id(word), 2, "reserved word");
  }
  RequireErrorAt(with_id(std::string(65, 'a')), 2, "at most 64 characters");
  RequireErrorAt(with_id("''"), 2, "cannot be empty");
  RequireErrorAt(with_id("null"), 2, "revision must be a single value, not null");
  RequireErrorAt(with_id("[a, b]"), 2, "revision must be a single value, not a list");
  // 64 characters is still an id.
  CHECK(MustParse("-- revision: " + std::string(64, 'a') +
                  "\n-- down_revision: null\n-- rev:upgrade\n")
            .revision.id()
            .str() == std::string(64, 'a'));
}

TEST_CASE("down_revision and depends_on of the wrong shape are refused",
          "[revision_file][errors]") {
  auto with_down = [](const std::string& value) {
    return MustFail("-- revision: abc\n-- down_revision: " + value + "\n-- rev:upgrade\n");
  };
  RequireErrorAt(with_down("{a: b}"), 2,
                 "down_revision must be null, a revision id or a list of them, not a mapping");
  RequireErrorAt(with_down("[[a, b]]"), 2, "not a nested list");
  RequireErrorAt(with_down("[a, [b]]"), 2, "not a nested list");
  RequireErrorAt(with_down("[a, ~]"), 2, "a list with an empty item");
  RequireErrorAt(with_down("[a, a]"), 2, "names 'a' twice");
  RequireErrorAt(with_down("[a-b]"), 2, "down_revision: 'a-b' is not a valid revision id");
  RequireErrorAt(with_down("head"), 2, "reserved word");
  RequireErrorAt(MustFail("-- revision: abc\n-- down_revision: null\n-- depends_on: [x1, y2, "
                          "x1]\n-- rev:upgrade\n"),
                 3, "depends_on names 'x1' twice");
  RequireErrorAt(MustFail("-- revision: abc\n-- down_revision:\n--   a: b\n-- rev:upgrade\n"), 2,
                 "not a mapping");
}

TEST_CASE("transactional must be a boolean", "[revision_file][errors]") {
  for (const char* value : {"yes", "1", "'maybe'", "on"}) {
    INFO(value);
    RequireErrorAt(MustFail(File(std::string("-- transactional: ") + value + "\n-- rev:upgrade\n")),
                   3, "transactional must be true or false");
  }
  RequireErrorAt(MustFail(File("-- transactional: [true]\n-- rev:upgrade\n")), 3,
                 "transactional must be a single value, not a list");
  RequireErrorAt(MustFail(File("-- transactional:\n-- rev:upgrade\n")), 3,
                 "transactional must be a single value, not null");
}

TEST_CASE("message and created_at must be single values", "[revision_file][errors]") {
  RequireErrorAt(MustFail(File("-- message: [a, b]\n-- rev:upgrade\n")), 3,
                 "message must be a single value, not a list");
  RequireErrorAt(MustFail(File("-- created_at: {at: now}\n-- rev:upgrade\n")), 3,
                 "created_at must be a single value, not a mapping");
}

TEST_CASE("a bad branch label is refused", "[revision_file][errors]") {
  auto with_labels = [](const std::string& value) {
    return MustFail(File("-- message: m\n-- branch_labels: " + value + "\n-- rev:upgrade\n"));
  };
  RequireErrorAt(with_labels("[feature/x]"), 4,
                 "branch_labels: 'feature/x' is not a valid branch label");
  RequireErrorAt(with_labels("[ok, 'two words']"), 4, "not a valid branch label");
  RequireErrorAt(with_labels("heads"), 4, "reserved word");
  RequireErrorAt(with_labels(std::string(65, 'l')), 4, "at most 64 characters");
  RequireErrorAt(with_labels("[main, main]"), 4, "branch_labels names 'main' twice");
  RequireErrorAt(with_labels("{a: b}"), 4,
                 "branch_labels must be null, a label or a list of them, not a mapping");
}

TEST_CASE("bytes that are not UTF-8 are refused with their line and column",
          "[revision_file][errors]") {
  // "-- message: caf" is 15 bytes, so the Latin-1 é is column 16 of line 3.
  Status error = MustFail(File("-- message: caf\xE9\n-- rev:upgrade\n"));
  RequireErrorAt(error, 3, "byte 0xE9 is not UTF-8");
  CHECK(error.location()->column == 16);
  CHECK(error.ToString().rfind("revisions/a.sql:3:16: ", 0) == 0);
  CHECK(error.hint().find("UTF-8") != std::string::npos);
  // A byte-order mark does not shift the column.
  CHECK(MustFail("\xEF\xBB\xBF-- message: caf\xE9\n").location()->column == 16);

  SECTION("in the SQL too, and for overlong forms, surrogates and truncated sequences") {
    Status in_sql = MustFail(File("-- rev:upgrade\nSELECT 'a';\n  SELECT '\xFF';\n"));
    RequireErrorAt(in_sql, 5, "0xFF");
    CHECK(in_sql.location()->column == 11);
    RequireErrorAt(MustFail(File("-- rev:upgrade\n\xC0\xAF\n")), 4, "0xC0");      // overlong '/'
    RequireErrorAt(MustFail(File("-- rev:upgrade\n\xED\xA0\x80\n")), 4, "0xED");  // surrogate
    RequireErrorAt(MustFail(File("-- rev:upgrade\nx\xE2\x82")), 4, "0xE2");       // cut short
    RequireErrorAt(MustFail(File("-- rev:upgrade\n\xF4\x90\x80\x80\n")), 4, "0xF4");  // > U+10FFFF
  }
}

TEST_CASE("unknown header keys are warnings with their line, not errors", "[revision_file]") {
  auto parsed =
      MustParse(File("-- author: someone\n-- message: m\n-- Reviewer: x\n-- rev:upgrade\n"));
  REQUIRE(parsed.warnings.size() == 2);
  CHECK(parsed.warnings[0].code == "unknown-header-key");
  CHECK(parsed.warnings[0].location.file == kTestPath);
  CHECK(parsed.warnings[0].location.line == 3);
  CHECK(parsed.warnings[0].message.find("'author'") != std::string::npos);
  CHECK(parsed.warnings[0].hint.find("down_revision") != std::string::npos);
  CHECK(parsed.warnings[1].location.line == 5);
  CHECK(parsed.warnings[1].message.find("'Reviewer'") != std::string::npos);
  CHECK(parsed.revision.message() == "m");
  CHECK(MustParse(File("-- rev:upgrade\n")).warnings.empty());
}

}  // namespace
}  // namespace rev::testing
