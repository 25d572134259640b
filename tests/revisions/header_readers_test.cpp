// The two header readers: the fast one (ReadSimpleHeader) must give exactly what yaml-cpp
// (ReadYamlHeader) gives on every header it accepts, and decline the rest.
#include <catch2/catch.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "revisions/header_entries.h"

namespace rev::testing {
namespace {

using revisions::HeaderEntry;
using revisions::HeaderValue;

// `text` with control characters and non-ASCII bytes as \xNN, so a failure shows them.
std::string Visible(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '\n' || (byte >= 0x20 && byte < 0x7F)) {
      out.push_back(c);
    } else {
      out += std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
    }
  }
  return out;
}

std::string Describe(const std::vector<HeaderEntry>& entries) {
  std::ostringstream out;
  for (const HeaderEntry& entry : entries) {
    out << entry.line << " " << entry.key << " kind=" << static_cast<int>(entry.value.kind)
        << " scalar=[" << Visible(entry.value.scalar) << "] list=[";
    for (const std::string& item : entry.value.list) out << "<" << Visible(item) << ">";
    out << "]\n";
  }
  return out.str();
}

bool Same(const std::vector<HeaderEntry>& a, const std::vector<HeaderEntry>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].key != b[i].key || a[i].line != b[i].line || a[i].value.kind != b[i].value.kind ||
        a[i].value.scalar != b[i].value.scalar || a[i].value.list != b[i].value.list) {
      return false;
    }
  }
  return true;
}

// Some text in the spirit of a header value: words and the characters YAML cares about.
class HeaderGenerator {
 public:
  explicit HeaderGenerator(unsigned seed) : random_(seed) {}

  std::string Header() {
    std::string header;
    for (int n = Between(1, 6); n > 0; --n) header += Line() + "\n";
    return header;
  }

 private:
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  template <typename T>
  const T& Pick(const std::vector<T>& options) {
    return options[static_cast<size_t>(Between(0, static_cast<int>(options.size()) - 1))];
  }

  std::string Line() {
    switch (Between(0, 9)) {
      case 0:
        return "";
      case 1:
        return "# " + Text();
      case 2:
        return Pick(indents_) + Key() + ":" + Pick(gaps_) + Value();
      default:
        return Key() + ":" + Pick(gaps_) + Value() + Comment();
    }
  }

  std::string Key() { return Pick(keys_); }

  std::string Comment() {
    switch (Between(0, 5)) {
      case 0:
        return " # " + Text();
      case 1:
        return "#" + Text();
      case 2:
        return "\t# c";
      default:
        return "";
    }
  }

  std::string Text() {
    std::string text;
    for (int n = Between(0, 4); n > 0; --n) text += Pick(pieces_);
    return text;
  }

  std::string Item() {
    switch (Between(0, 3)) {
      case 0:
        return "'" + Text() + "'";
      case 1:
        return "\"" + Text() + "\"";
      default:
        return Text();
    }
  }

  std::string Value() {
    switch (Between(0, 6)) {
      case 0:
        return Pick(nulls_);
      case 1: {
        std::string list = "[";
        for (int n = Between(0, 3); n > 0; --n) list += Item() + Pick(commas_);
        return list + (Between(0, 1) ? Item() : "") + "]";
      }
      default:
        return Item();
    }
  }

  std::mt19937 random_;
  const std::vector<std::string> keys_ = {"revision", "down_revision", "message", "k",    "a_1",
                                          "_x",       "null",          "true",    "Key9", "a-b"};
  const std::vector<std::string> gaps_ = {" ", " ", "  ", "", "\t"};
  const std::vector<std::string> indents_ = {" ", "  ", "\t"};
  const std::vector<std::string> nulls_ = {"", "~", "null", "Null", "NULL", "nil", "[]"};
  const std::vector<std::string> commas_ = {", ", ",", " , ", ",,"};
  const std::vector<std::string> pieces_ = {"abc",         "3f2a",
                                            " ",           "  ",
                                            ":",           ": ",
                                            "#",           " #",
                                            "'",           "''",
                                            "\"",          "\\",
                                            "\\n",         "-",
                                            "- ",          "?",
                                            "? ",          ",",
                                            "[",           "]",
                                            "{",           "}",
                                            "&",           "*",
                                            "!",           "|",
                                            ">",           "%",
                                            "@",           "`",
                                            "~",           "\t",
                                            "null",        "true",
                                            "caf\xC3\xA9", "\xE2\x80\xA8",
                                            "\xC2\x85",    "\xEF\xBB\xBF",
                                            "---",         "...",
                                            "=",           "<",
                                            ".",           "\r",
                                            "\x01",        "x:y"};
};

TEST_CASE("ReadSimpleHeader agrees with yaml-cpp on every header it accepts", "[header]") {
  HeaderGenerator generate(7);
  int accepted = 0, declined = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string header = generate.Header();
    std::vector<HeaderEntry> simple;
    if (!revisions::ReadSimpleHeader(header, &simple)) {
      ++declined;
      continue;
    }
    ++accepted;
    auto yaml = revisions::ReadYamlHeader(header);
    INFO("header:\n" << Visible(header) << "simple:\n" << Describe(simple));
    if (!yaml.ok()) FAIL("yaml-cpp refuses it: " << yaml.status().message());
    INFO("yaml-cpp:\n" << Describe(*yaml));
    REQUIRE(Same(simple, *yaml));
  }
  // Both sides were exercised in earnest.
  CHECK(accepted > 3000);
  CHECK(declined > 3000);
}

TEST_CASE("ReadSimpleHeader reads the forms rev create writes", "[header]") {
  std::vector<HeaderEntry> entries;
  REQUIRE(
      revisions::ReadSimpleHeader("revision: 9c0d1e2f3a4b\n"
                                  "down_revision: [3f2a, 'b0b0']   # a merge\n"
                                  "\n"
                                  "# a comment line\n"
                                  "message: 'it''s: done'\n"
                                  "created_at: \"2026-11-22T10:04:00Z\"\n"
                                  "branch_labels: []\n"
                                  "depends_on: ~\n",
                                  &entries));
  REQUIRE(entries.size() == 6);
  CHECK(entries[0].key == "revision");
  CHECK(entries[0].value.kind == HeaderValue::Kind::kScalar);
  CHECK(entries[0].value.scalar == "9c0d1e2f3a4b");
  CHECK(entries[1].line == 2);
  CHECK(entries[1].value.kind == HeaderValue::Kind::kList);
  CHECK(entries[1].value.list == std::vector<std::string>{"3f2a", "b0b0"});
  CHECK(entries[2].line == 5);
  CHECK(entries[2].value.scalar == "it's: done");
  CHECK(entries[3].value.scalar == "2026-11-22T10:04:00Z");
  CHECK(entries[4].value.kind == HeaderValue::Kind::kList);
  CHECK(entries[4].value.list.empty());
  CHECK(entries[5].value.kind == HeaderValue::Kind::kNull);
}

TEST_CASE("ReadSimpleHeader declines what it does not fully understand", "[header]") {
  for (const char* header : {
           "down_revision:\n  - a\n",       // block list
           "message: >\n  folded\n",        // block scalar
           "message: \"esc\\\"aped\"\n",    // escapes
           "message: a\tb\n",               // tab
           "message: 'open\n",              // unclosed quote
           "message: a: b\n",               // not a scalar
           "message:value\n",               // no space after ':'
           "  message: indented\n",         // indentation
           "null: x\n",                     // a null key
           "a-b: x\n",                      // key outside [A-Za-z0-9_]
           "list: [a, [b]]\n",              // nested
           "list: [a, ~]\n",                // an empty item
           "list: [a, ]\n",                 // trailing comma
           "list: [a?b]\n",                 // '?' ends a flow scalar in yaml-cpp
           "list: [a:b]\n",                 // ':' in a flow scalar
           "map: {a: b}\n",                 // mapping
           "message: &anchor x\n",          // anchor
           "message: !!str x\n",            // tag
           "message: a\x01z\n",             // control character
           "message: a\rb\n",               // a lone CR inside a line
           "%YAML 1.2\n---\nmessage: x\n",  // directive
       }) {
    std::vector<HeaderEntry> entries;
    INFO(header);
    CHECK_FALSE(revisions::ReadSimpleHeader(header, &entries));
  }
}

TEST_CASE("ReadYamlHeader describes values that are not scalars or lists", "[header]") {
  auto read = revisions::ReadYamlHeader(
      "a: {x: 1}\n"
      "b: [[x]]\n"
      "c: [x, ~]\n"
      "d:\n"
      "  - one\n"
      "  - two\n");
  REQUIRE(read.ok());
  REQUIRE(read->size() == 4);
  CHECK((*read)[0].value.kind == HeaderValue::Kind::kOther);
  CHECK((*read)[0].value.other_description == "a mapping");
  CHECK((*read)[1].value.other_description == "a nested list");
  CHECK((*read)[2].value.other_description == "a list with an empty item");
  CHECK((*read)[3].line == 4);
  CHECK((*read)[3].value.list == std::vector<std::string>{"one", "two"});
}

TEST_CASE("ReadYamlHeader errors carry the line", "[header]") {
  auto bad = revisions::ReadYamlHeader("a: 1\nb: c: d\n");
  REQUIRE_FALSE(bad.ok());
  REQUIRE(bad.status().location().has_value());
  CHECK(bad.status().location()->line == 2);
  CHECK(bad.status().message().find("not valid YAML") != std::string::npos);

  auto list = revisions::ReadYamlHeader("\n- a\n");
  REQUIRE_FALSE(list.ok());
  CHECK(list.status().location()->line == 2);

  auto open = revisions::ReadYamlHeader("a: 1\nb: \"open\nc: 2\n");
  REQUIRE_FALSE(open.ok());
  CHECK(open.status().location()->line == 2);
  CHECK(open.status().message().find("never closed") != std::string::npos);

  auto empty = revisions::ReadYamlHeader("\n# only a comment\n");
  REQUIRE(empty.ok());
  CHECK(empty->empty());
}

}  // namespace
}  // namespace rev::testing
