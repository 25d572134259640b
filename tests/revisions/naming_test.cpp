// Names for new revisions: ids, slugs, timestamps and file names from file_template.
#include "revisions/naming.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <string>

namespace rev::testing {
namespace {

using revisions::RevisionFileName;
using revisions::RevisionId;
using revisions::Slugify;

// 2026-11-22T10:04:05Z: date -u -d 2026-11-22T10:04:05Z +%s
const std::chrono::system_clock::time_point kWhen =
    std::chrono::system_clock::time_point(std::chrono::seconds(1795341845));

RevisionId Id(const std::string& text) { return RevisionId::Parse(text).value(); }

TEST_CASE("NewRevisionId: 12 lowercase hex digits, unique", "[naming]") {
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) {
    std::string id = revisions::NewRevisionId().str();
    REQUIRE(id.size() == 12);
    REQUIRE(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    seen.insert(id);
  }
  CHECK(seen.size() == 20000);
  // Every digit turns up somewhere (the ids are not drawn from a narrow range).
  std::set<char> digits;
  for (const std::string& id : seen) digits.insert(id.begin(), id.end());
  CHECK(digits.size() == 16);
}

TEST_CASE("Slugify", "[naming]") {
  CHECK(Slugify("Add users table!") == "add_users_table");
  CHECK(Slugify("add_users_table") == "add_users_table");
  CHECK(Slugify("  --Add   a, b & c...  ") == "add_a_b_c");
  CHECK(Slugify("v2: rename column `x` -> \"y\"") == "v2_rename_column_x_y");
  CHECK(Slugify("") == "");
  CHECK(Slugify("!!! ???") == "");
  CHECK(Slugify("MiXeD CaSe 42") == "mixed_case_42");
  // Bytes outside ASCII letters and digits separate words and never reach the file name.
  CHECK(Slugify("caf\xC3\xA9 cr\xC3\xA8me") == "caf_cr_me");
  CHECK(Slugify("\xE2\x9C\x93 done") == "done");
  CHECK(Slugify("\xE6\x97\xA5\xE6\x9C\xAC") == "");

  SECTION("cut to 40 characters at a word boundary") {
    // "one_..._eight" is 39 characters; "nine" would cross 40, so the cut falls before it.
    std::string message = "one two three four five six seven eight nine ten eleven";
    CHECK(Slugify(message) == "one_two_three_four_five_six_seven_eight");
    CHECK(Slugify(message).size() <= 40);
    // A word ending exactly at 40 is kept whole.
    std::string forty = std::string(19, 'a') + " " + std::string(20, 'b');  // 19 + 1 + 20
    CHECK(Slugify(forty + " more") == std::string(19, 'a') + "_" + std::string(20, 'b'));
    CHECK(Slugify(forty) == std::string(19, 'a') + "_" + std::string(20, 'b'));
    // One word longer than 40 is cut inside the word.
    CHECK(Slugify(std::string(50, 'x')) == std::string(40, 'x'));
    CHECK(Slugify(std::string(50, 'x') + " tail") == std::string(40, 'x'));
    // Never ends with a separator.
    CHECK(Slugify(std::string(40, 'a') + " b") == std::string(40, 'a'));
  }
}

TEST_CASE("FormatUtcTimestamp", "[naming]") {
  CHECK(revisions::FormatUtcTimestamp(kWhen) == "2026-11-22T10:04:05Z");
  CHECK(revisions::FormatUtcTimestamp(std::chrono::system_clock::time_point()) ==
        "1970-01-01T00:00:00Z");
}

TEST_CASE("RevisionFileName fills every field", "[naming]") {
  RevisionId id = Id("3f2a9c1b7d4e");
  auto name = [&](const std::string& file_template, const std::string& message) {
    auto made = RevisionFileName(file_template, id, message, kWhen);
    INFO(file_template << " / " << message);
    if (!made.ok()) FAIL(made.status().ToString());
    return *made;
  };
  CHECK(name("{rev}_{slug}", "Add users table!") == "3f2a9c1b7d4e_add_users_table.sql");
  CHECK(name("{date}_{time}_{rev}", "x") == "20261122_100405_3f2a9c1b7d4e.sql");
  CHECK(name("{rev}-{message}", "Add users/table v1.2!") ==
        "3f2a9c1b7d4e-Add_users_table_v1.2.sql");
  CHECK(name("V{date}{time}__{rev}__{slug}", "init") == "V20261122100405__3f2a9c1b7d4e__init.sql");
  CHECK(name("{rev}", "ignored") == "3f2a9c1b7d4e.sql");
  // An empty slug leaves no dangling separator.
  CHECK(name("{rev}_{slug}", "!!!") == "3f2a9c1b7d4e.sql");
  CHECK(name("{rev}_{slug}", "") == "3f2a9c1b7d4e.sql");
}

TEST_CASE("RevisionFileName refuses bad templates", "[naming]") {
  RevisionId id = Id("3f2a9c1b7d4e");
  auto error = [&](const std::string& file_template) {
    auto made = RevisionFileName(file_template, id, "msg", kWhen);
    INFO(file_template);
    REQUIRE_FALSE(made.ok());
    CHECK(made.status().code() == StatusCode::kInvalidInput);
    return made.status();
  };
  Status unknown = error("{rev}_{author}");
  CHECK(unknown.message().find("{author}") != std::string::npos);
  CHECK(unknown.hint().find("{slug}") != std::string::npos);
  CHECK(error("{rev}_{slug").message().find("unclosed '{'") != std::string::npos);
  Status no_rev = error("{date}_{slug}");
  CHECK(no_rev.message().find("does not contain {rev}") != std::string::npos);
  CHECK(no_rev.hint().find("{rev}") != std::string::npos);
  CHECK(error("sub/{rev}").message().find("'/'") != std::string::npos);
  CHECK(error("{}{rev}").message().find("unknown field {}") != std::string::npos);
}

}  // namespace
}  // namespace rev::testing
