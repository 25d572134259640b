// Bad input from the issue: each gets a clear error and exit 2 (validate's findings: exit
// 1), with no crash, no hang, and nothing written.
#include <catch2/catch.hpp>
#include <random>

#include "tests/support/exit_checks.h"
#include "tests/support/json_output.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

// The commands that only read: none may write a byte, whatever the folder holds.
const std::vector<std::vector<std::string>> kReaders = {
    {"heads"}, {"branches"}, {"history"}, {"show", "head"}, {"upgrade", "--sql"}};

// Runs every reader, then create and merge (which would write if they did not refuse),
// and validate; checks the exit codes (2, and 1 for validate) and that the project is byte
// for byte unchanged.
void ExpectRefusedEverywhere(const Project& p, const std::string& expected_in_error) {
  auto before = p.Snapshot();
  std::vector<std::vector<std::string>> commands = kReaders;
  commands.push_back({"create", "x"});
  commands.push_back({"merge", "heads", "-m", "x"});
  for (const auto& command : commands) {
    INFO("rev " << command.front());
    auto result = p.Rev(command, {{}, {}, std::nullopt, 60});
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, Catch::StartsWith("rev: error: ") && Catch::Contains(expected_in_error));
  }
  // validate reports a malformed file or a broken graph as a finding: exit 1, not 2.
  auto validate = p.Rev({"validate"}, {{}, {}, std::nullopt, 60});
  REV_CHECK_EXIT(validate, 1);
  CHECK(p.Snapshot() == before);
}

// Runs every reader, create and validate in a project rev cannot start on at all (its
// rev.yaml or revisions folder): each exits 2 with an error `error_matches`, validate too,
// and the project is byte for byte unchanged.
template <typename Matcher>
void ExpectProjectRefused(const Project& p, const Matcher& error_matches) {
  auto before = p.Snapshot();
  std::vector<std::vector<std::string>> commands = kReaders;
  commands.push_back({"create", "x"});
  commands.push_back({"validate"});
  for (const auto& command : commands) {
    INFO("rev " << command.front());
    auto result = p.Rev(command);
    REV_CHECK_EXIT(result, 2);
    CHECK_THAT(result.err, error_matches);
  }
  CHECK(p.Snapshot() == before);
}

TEST_CASE("1,000 files of random bytes", "[cli][bad-input]") {
  Project p;
  std::mt19937 random(20261122);
  for (int i = 0; i < 1000; ++i) {
    std::string bytes(1 + random() % 512, '\0');
    for (char& c : bytes) c = static_cast<char>(random() % 256);
    p.WriteRaw("r" + std::to_string(i) + ".sql", bytes);
  }
  ExpectRefusedEverywhere(p, "revisions/r");
  auto validate = p.Rev({"validate", "--json"}, {{}, {}, std::nullopt, 60});
  REV_CHECK_EXIT(validate, 1);
  CHECK(JsonOf(validate)["errors"].size() >= 1000);
}

TEST_CASE("a cycle", "[cli][bad-input]") {
  Project p;
  p.Revision({"a1", {"c3"}});
  p.Revision({"b2", {"a1"}});
  p.Revision({"c3", {"b2"}});
  ExpectRefusedEverywhere(p, "cycle");
  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Catch::Contains("[cycle]") && Catch::Contains("a1 -> b2 -> c3 -> a1"));
}

TEST_CASE("a revision that is its own parent", "[cli][bad-input]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"b2"}});
  ExpectRefusedEverywhere(p, "b2");
  auto validate = p.Rev({"validate"});
  REV_CHECK_EXIT(validate, 1);
  CHECK_THAT(validate.out, Catch::Contains("revisions/b2_revision_b2.sql:2: error: ") &&
                               Catch::Contains("[cycle]"));
}

TEST_CASE("a 50 MB revision file", "[cli][bad-input]") {
  Project p;
  p.Revision("a1");
  std::string junk;
  junk.reserve(50u << 20);
  while (junk.size() < (50u << 20)) junk += "INSERT INTO t VALUES (1, 'filler filler filler');\n";
  p.WriteRaw("b2_huge.sql", junk);
  ExpectRefusedEverywhere(p, "revisions/b2_huge.sql:1: ");
  auto validate = p.Rev({"validate", "--json"}, {{}, {}, std::nullopt, 60});
  REV_CHECK_EXIT(validate, 1);
  auto errors = JsonOf(validate)["errors"];
  REQUIRE(errors.size() == 1);
  CHECK(errors[0]["code"] == "invalid-file");
  CHECK(errors[0]["file"] == "revisions/b2_huge.sql");
  CHECK(errors[0]["line"] == 1);
}

TEST_CASE("a valid 50 MB revision file is read, not refused", "[cli][bad-input]") {
  Project p;
  std::string sql;
  sql.reserve(50u << 20);
  while (sql.size() < (50u << 20)) sql += "INSERT INTO t VALUES (1, 'filler filler filler');\n";
  p.Revision(Rev("a1").Upgrade(sql));
  auto heads = p.Rev({"heads"}, {{}, {}, std::nullopt, 60});
  REV_CHECK_EXIT(heads, 0);
  CHECK(heads.out == "a1 (head)\n");
}

TEST_CASE("a revisions folder that does not exist", "[cli][bad-input]") {
  Project p("revisions: missing\n");
  std::filesystem::remove(p.revisions_dir());
  ExpectProjectRefused(p, Catch::Contains("missing") && Catch::Contains("does not exist"));
}

TEST_CASE("a rev.yaml that is not YAML", "[cli][bad-input]") {
  Project p("revisions: [unclosed\ndatabase: {\n");
  p.Revision("a1");
  ExpectProjectRefused(p, Catch::StartsWith("rev: error: rev.yaml:"));
}

TEST_CASE("no rev.yaml anywhere above", "[cli][bad-input]") {
  TempDir dir;
  auto result = RunRev({"heads"}, {dir.path(), {}, std::nullopt, 60});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Catch::Contains("no rev.yaml") && Catch::Contains("rev init"));
  CHECK(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace rev::testing
