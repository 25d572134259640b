// Colour only on a terminal: rev runs on a pseudo-terminal, started by sh as a person's
// shell would; --no-color, NO_COLOR and TERM=dumb turn colour off there too.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

constexpr const char* kRedError = "\033[1;31merror:\033[0m";

// What the built rev prints with stdout and stderr on one terminal, run as `rev ARGS` by
// sh (so ARGS may redirect) in `p`'s folder, with NO_COLOR unset unless `env` sets it.
ProcessResult OnTerminal(const Project& p, const std::string& args,
                         std::map<std::string, std::optional<std::string>> env = {}) {
  ProcessOptions options = In(p.root());
  options.env = {{"NO_COLOR", std::nullopt}, {"TERM", "xterm-256color"}};
  for (auto& [name, value] : env) options.env[name] = value;
  return RunOnTerminal({"sh", "-c", "'" + RevBinary() + "' " + args}, options);
}

bool HasEscape(const std::string& text) { return text.find('\033') != std::string::npos; }

// Two heads: validate prints an error finding on stdout and its summary on stderr.
void TwoHeads(Project* p) {
  p->Revision("a1");
  p->Revision({"b2", {"a1"}});
  p->Revision({"c3", {"a1"}});
}

TEST_CASE("on a terminal errors and hints are in colour", "[cli][colour]") {
  Project p;
  TwoHeads(&p);
  auto both = OnTerminal(p, "validate");
  REV_CHECK_EXIT(both, 1);
  CHECK_THAT(both.out, Catch::Contains(std::string("revisions/b2_revision_b2.sql:1: ") + kRedError +
                                       " 2 heads") &&
                           Catch::Contains("\033[36mhint:\033[0m") &&
                           Catch::Contains(std::string("rev: ") + kRedError + " validation found"));
  // Only stderr on the terminal: stdout's findings are plain, the summary is coloured.
  auto stderr_only = OnTerminal(p, "validate > findings.txt");
  REV_CHECK_EXIT(stderr_only, 1);
  CHECK_THAT(stderr_only.out, Catch::Contains(std::string("rev: ") + kRedError));
  std::string findings = ReadFile(p.root() / "findings.txt");
  CHECK_THAT(findings, Catch::Contains("[multiple-heads]"));
  CHECK_FALSE(HasEscape(findings));
}

TEST_CASE("on a terminal --no-color, NO_COLOR and TERM=dumb turn colour off", "[cli][colour]") {
  Project p;
  TwoHeads(&p);
  for (const auto& [args, env] :
       std::vector<std::pair<std::string, std::map<std::string, std::optional<std::string>>>>{
           {"validate --no-color", {}},
           {"--no-color validate", {}},
           {"validate", {{"NO_COLOR", "1"}}},
           {"validate", {{"TERM", "dumb"}}}}) {
    INFO("rev " << args << (env.empty() ? "" : " with " + env.begin()->first));
    auto plain = OnTerminal(p, args, env);
    REV_CHECK_EXIT(plain, 1);
    CHECK_THAT(plain.out, Catch::Contains("error: 2 heads") &&
                              Catch::Contains("rev: error: validation found"));
    CHECK_FALSE(HasEscape(plain.out));
  }
}

TEST_CASE("a JSON document on a terminal has no colour", "[cli][colour]") {
  Project p;
  TwoHeads(&p);
  auto json = OnTerminal(p, "validate --json 2>/dev/null");
  REV_CHECK_EXIT(json, 1);
  CHECK_THAT(json.out, Catch::Contains("\"code\": \"multiple-heads\""));
  CHECK_FALSE(HasEscape(json.out));
}

}  // namespace
}  // namespace rev::testing
