// RenderRevisionFile → ParseRevisionText gives back the fields `rev create` and `rev merge`
// wrote, whatever the message holds.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "revisions/header_entries.h"
#include "tests/support/parse_revision_text.h"

namespace rev::testing {
namespace {

using revisions::BranchLabel;
using revisions::NewRevision;
using revisions::RevisionId;

RevisionId Id(const std::string& text) { return RevisionId::Parse(text).value(); }

NewRevision Sample(const std::string& message) {
  NewRevision revision{Id("3f2a9c1b7d4e"),
                       {Id("0a0b0c0d0e0f")},
                       {},
                       {},
                       message,
                       "2026-11-22T10:04:00Z",
                       true,
                       "CREATE TABLE t (id INTEGER);",
                       "DROP TABLE t;"};
  return revision;
}

// Renders, parses, and requires every field back.
void RequireRoundTrip(const NewRevision& in) {
  std::string text = revisions::RenderRevisionFile(in);
  INFO("rendered:\n" << text);
  auto parsed = MustParse(text);
  const revisions::Revision& out = parsed.revision;
  CHECK(parsed.warnings.empty());
  CHECK(out.id() == in.id);
  CHECK(out.down_revisions() == in.down_revisions);
  CHECK(out.branch_labels() == in.branch_labels);
  CHECK(out.depends_on() == in.depends_on);
  CHECK(out.replaces() == in.replaces);
  CHECK(out.message() == in.message);
  CHECK(out.created_at() == in.created_at);
  CHECK(out.transactional() == in.transactional);
  // The sections come back as written, followed only by the line breaks around markers.
  CHECK(out.upgrade_sql().substr(0, in.upgrade_sql.size()) == in.upgrade_sql);
  CHECK(out.upgrade_sql().find_first_not_of('\n', in.upgrade_sql.size()) == std::string::npos);
  REQUIRE(out.downgrade_sql().has_value());
  CHECK(out.downgrade_sql()->substr(0, in.downgrade_sql.size()) == in.downgrade_sql);
  CHECK(out.downgrade_sql()->find_first_not_of('\n', in.downgrade_sql.size()) == std::string::npos);
  CHECK(out.has_downgrade() == !in.downgrade_sql.empty());
}

TEST_CASE("a squashed revision's replaces round-trip, and other files do not mention the key",
          "[render]") {
  NewRevision squashed = Sample("squash up to c");
  squashed.down_revisions.clear();
  squashed.replaces = {Id("a"), Id("b"), Id("c")};
  RequireRoundTrip(squashed);
  CHECK_THAT(revisions::RenderRevisionFile(squashed), Catch::Contains("-- replaces: [a, b, c]\n"));
  CHECK_THAT(revisions::RenderRevisionFile(Sample("m")), !Catch::Contains("replaces"));
}

TEST_CASE("messages of every shape round-trip", "[render]") {
  const std::vector<std::string> messages = {
      "add users table",
      "fix: the bug",
      "issue #12",
      "issue#12",
      "it's",
      "say \"hi\"",
      "'single'",
      "\"double\"",
      "back\\slash \\n not a newline",
      "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80",
      "-leading dash",
      "- list-looking",
      "--",
      "---",
      "...",
      "null",
      "Null",
      "~",
      "true",
      "false",
      "12",
      "0x1F",
      "",
      " leading space",
      "trailing space ",
      "\ttab",
      "two\nlines",
      "cr\rinside",
      "bell\x07 and \x01 and \x7F",
      "[not, a, list]",
      "{not: a map}",
      "&anchor",
      "*alias",
      "!tag",
      "%percent",
      "@at",
      "`tick`",
      "|pipe",
      ">fold",
      "? question",
      ": colon",
      "a:",
      "a: ",
      "ends with #",
      "-- rev:upgrade",
      "rev:downgrade",
      std::string(500, 'x'),
  };
  for (const std::string& message : messages) {
    INFO("message: [" << message << "]");
    RequireRoundTrip(Sample(message));
  }
}

TEST_CASE("ids, parents, labels, depends_on and transactional round-trip", "[render]") {
  NewRevision base = Sample("base");
  base.down_revisions.clear();
  RequireRoundTrip(base);

  NewRevision merge = Sample("merge heads");
  merge.down_revisions = {Id("bbbb"), Id("aaaa"), Id("cccc")};
  merge.upgrade_sql.clear();
  merge.downgrade_sql.clear();
  RequireRoundTrip(merge);

  NewRevision labelled = Sample("labelled");
  labelled.branch_labels = {BranchLabel::Parse("feature.x").value(),
                            BranchLabel::Parse("hot-fix").value()};
  labelled.depends_on = {revisions::RevisionRef(Id("d1d1")),
                         revisions::RevisionRef(BranchLabel::Parse("hot-fix").value())};
  labelled.transactional = false;
  labelled.created_at = "";
  RequireRoundTrip(labelled);

  NewRevision long_id = Sample("long id");
  long_id.id = Id(std::string(64, 'Z'));
  RequireRoundTrip(long_id);
}

TEST_CASE("random messages round-trip", "[render]") {
  // Pieces that YAML treats specially, mixed at random (fixed seed: same run every time).
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "0",
                                           " ",
                                           "  ",
                                           ":",
                                           ": ",
                                           "#",
                                           " #",
                                           "'",
                                           "\"",
                                           "\\",
                                           "-",
                                           "?",
                                           ",",
                                           "[",
                                           "]",
                                           "{",
                                           "}",
                                           "&",
                                           "*",
                                           "!",
                                           "|",
                                           ">",
                                           "%",
                                           "@",
                                           "`",
                                           "~",
                                           "\t",
                                           "\n",
                                           "\r",
                                           "null",
                                           "true",
                                           "\xC3\xA9",
                                           "\xE2\x80\xA8",
                                           "\xEF\xBB\xBF",
                                           "\xC2\x85",
                                           "---",
                                           "...",
                                           "\x1B",
                                           "x"};
  std::mt19937 random(20261122);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 8);
  for (int round = 0; round < 2000; ++round) {
    std::string message;
    for (int n = length(random); n > 0; --n) message += pieces[pick(random)];
    INFO("message: [" << message << "]");
    std::string text = revisions::RenderRevisionFile(Sample(message));
    auto parsed = revisions::ParseRevisionText(text, kTestPath);
    INFO("rendered:\n" << text);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->revision.message() == message);
  }
}

TEST_CASE("what rev create writes stays on the fast header path", "[render]") {
  // Reading 1,000 headers must not go through yaml-cpp: the plain forms rev writes are
  // all in ReadSimpleHeader's subset.
  NewRevision revision = Sample("add users table");
  revision.branch_labels = {BranchLabel::Parse("main").value()};
  revision.depends_on = {revisions::RevisionRef(Id("d1d1"))};
  for (const char* message : {"add users table", "fix: quoted", "it's", "null", ""}) {
    revision.message = message;
    std::string text = revisions::RenderRevisionFile(revision);
    std::string header;
    for (size_t begin = 0; begin < text.size();) {
      size_t end = text.find('\n', begin);
      std::string line = text.substr(begin, end - begin);
      if (line == "-- rev:upgrade") break;
      header += line.rfind("-- ", 0) == 0 ? line.substr(3) : line;
      header += '\n';
      begin = end + 1;
    }
    std::vector<revisions::HeaderEntry> entries;
    INFO(header);
    CHECK(revisions::ReadSimpleHeader(header, &entries));
    CHECK(entries.size() == 7);
  }
}

}  // namespace
}  // namespace rev::testing
