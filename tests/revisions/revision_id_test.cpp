// RevisionId and BranchLabel validation, and how a Status prints its location.
#include "revisions/revision_id.h"

#include <catch2/catch.hpp>
#include <string>

#include "revisions/utf8.h"

namespace rev::testing {
namespace {

using revisions::BranchLabel;
using revisions::RevisionId;

TEST_CASE("revision ids: 1-64 of [A-Za-z0-9_], not a reserved word", "[ids]") {
  for (const std::string& good :
       {std::string("a"), std::string("3f2a9c1b7d4e"), std::string("Ab_09"), std::string("_"),
        std::string(64, 'x'), std::string("heads2"), std::string("Head"),
        std::string("base_line")}) {
    INFO(good);
    CHECK(RevisionId::Problem(good).empty());
    CHECK(RevisionId::Parse(good).value().str() == good);
  }
  CHECK(RevisionId::Problem("").find("cannot be empty") != std::string::npos);
  CHECK(RevisionId::Problem(std::string(65, 'x')).find("at most 64 characters") !=
        std::string::npos);
  CHECK(RevisionId::Problem(std::string(65, 'x')).find("has 65") != std::string::npos);
  for (const char* bad : {"a-b", "a.b", "a b", "a/b", "a@head", "+1", "caf\xC3\xA9", "a\n"}) {
    INFO(bad);
    CHECK(RevisionId::Problem(bad).find("only letters, digits and '_' are allowed") !=
          std::string::npos);
    auto parsed = RevisionId::Parse(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidInput);
  }
  for (const char* word : {"head", "heads", "base", "current"}) {
    INFO(word);
    CHECK(revisions::IsReservedWord(word));
    CHECK(RevisionId::Problem(word).find("reserved word") != std::string::npos);
    CHECK(BranchLabel::Problem(word).find("reserved word") != std::string::npos);
  }
  CHECK_FALSE(revisions::IsReservedWord("HEAD"));
}

TEST_CASE("branch labels also allow '.' and '-'", "[ids]") {
  for (const char* good : {"feature", "feature.x", "hot-fix", "v1.2-rc_3", "-x", "."}) {
    INFO(good);
    CHECK(BranchLabel::Parse(good).value().str() == good);
  }
  for (const char* bad : {"", "a b", "a/b", "a@b", "a:b"}) {
    INFO(bad);
    CHECK_FALSE(BranchLabel::Parse(bad).ok());
  }
  CHECK(BranchLabel::Problem(std::string(65, 'l')).find("at most 64") != std::string::npos);
  CHECK(BranchLabel::Problem("a b").find("branch label") != std::string::npos);
}

TEST_CASE("ids compare and hash by their text", "[ids]") {
  RevisionId a = RevisionId::Parse("aaa").value();
  RevisionId b = RevisionId::Parse("bbb").value();
  CHECK(a < b);
  CHECK(a != b);
  CHECK(a == RevisionId::Parse("aaa").value());
  CHECK(std::hash<RevisionId>()(a) == std::hash<std::string>()("aaa"));
}

TEST_CASE("a Status prints file:line:column: message", "[status]") {
  CHECK(Status::InvalidInput("bad").ToString() == "bad");
  CHECK(Status::InvalidInput("bad").At({"f.sql", 3, 0}).ToString() == "f.sql:3: bad");
  CHECK(Status::InvalidInput("bad").At({"f.sql", 3, 7}).ToString() == "f.sql:3:7: bad");
  CHECK(Status::InvalidInput("bad").At({"f.sql", 0, 0}).ToString() == "f.sql: bad");
  CHECK(Status::InvalidInput("bad").At({"", 3, 0}).ToString() == "bad");
  Status with_hint = Status::NotFound("gone").WithHint("look elsewhere");
  CHECK(with_hint.hint() == "look elsewhere");
  CHECK(with_hint.ToString() == "gone");
  CHECK(Status().ok());
  CHECK_FALSE(with_hint.ok());
}

TEST_CASE("FindInvalidUtf8 and LineColumnAt", "[utf8]") {
  using revisions::FindInvalidUtf8;
  CHECK_FALSE(FindInvalidUtf8("plain ascii\n").has_value());
  CHECK_FALSE(
      FindInvalidUtf8("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x9A\x80 \xF4\x8F\xBF\xBF").has_value());
  CHECK(FindInvalidUtf8("ab\x80") == std::optional<size_t>(2));            // lone continuation
  CHECK(FindInvalidUtf8("a\xC1\xBF") == std::optional<size_t>(1));         // overlong
  CHECK(FindInvalidUtf8("a\xE0\x80\xAF") == std::optional<size_t>(1));     // overlong
  CHECK(FindInvalidUtf8("\xED\xBF\xBF") == std::optional<size_t>(0));      // surrogate
  CHECK(FindInvalidUtf8("\xF0\x80\x80\x80") == std::optional<size_t>(0));  // overlong
  CHECK(FindInvalidUtf8("\xF5\x80\x80\x80") == std::optional<size_t>(0));  // beyond U+10FFFF
  CHECK(FindInvalidUtf8("ok\xE2\x82") == std::optional<size_t>(2));        // cut short
  CHECK(FindInvalidUtf8(std::string_view("\0", 1)) == std::nullopt);       // NUL is UTF-8

  auto at = revisions::LineColumnAt("ab\ncd\r\nef", 8);
  CHECK(at.line == 3);
  CHECK(at.column == 2);
  CHECK(revisions::LineColumnAt("abc", 0).line == 1);
  CHECK(revisions::LineColumnAt("abc", 0).column == 1);
}

}  // namespace
}  // namespace rev::testing
