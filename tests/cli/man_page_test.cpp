// rev(1), the man page the build writes (build/rev.1, by `rev man`): every command and
// option `--help` lists is in it, in its command's section, and man renders it without a
// warning.
#include <catch2/catch.hpp>

#include "tests/cli/shipping_helpers.h"
#include "tests/support/exit_checks.h"

namespace rev::testing {
namespace {

// The page as man shows it, one line per entry, never hyphenated or cut.
ProcessResult RenderManPage() {
  ProcessOptions options;
  options.env["MANWIDTH"] = "400";
  options.env["MAN_KEEP_FORMATTING"] = std::nullopt;
  return RunProcess({"man", "--warnings", "-P", "cat", "-l", (BuildFolder() / "rev.1").string()},
                    options);
}

// The lines of `page` from the heading `heading` (a line of its own) to the next heading
// of the same indent ("   rev fleet upgrade" up to "   rev fleet status").
std::string Section(const std::vector<std::string>& page, const std::string& heading) {
  std::string text;
  bool inside = false;
  size_t indent = heading.find_first_not_of(' ');
  for (const std::string& line : page) {
    bool is_heading = line.size() > indent && line.find_first_not_of(' ') == indent;
    if (inside && is_heading) break;
    if (line == heading) inside = true;
    if (inside) text += line + "\n";
  }
  return text;
}

TEST_CASE("man renders rev.1 without warnings", "[cli][man]") {
  REQUIRE(std::filesystem::exists(BuildFolder() / "rev.1"));
  ProcessResult page = RenderManPage();
  REV_REQUIRE_EXIT(page, 0);
  CHECK(page.err.empty());
  for (const char* heading : {"NAME", "SYNOPSIS", "DESCRIPTION", "GLOBAL OPTIONS", "COMMANDS",
                              "EXIT STATUS", "ENVIRONMENT", "FILES"}) {
    CHECK_THAT(page.out, Catch::Contains("\n" + std::string(heading) + "\n"));
  }
  CHECK_THAT(page.out, Catch::Contains("rev - database migrations"));
  CHECK_THAT(page.out, Catch::Contains("REV_DATABASE_URL"));
  CHECK_THAT(page.out, Catch::Contains("rev.yaml"));
}

TEST_CASE("the man page lists every command and option that --help lists", "[cli][man]") {
  ProcessResult page = RenderManPage();
  REV_REQUIRE_EXIT(page, 0);
  std::vector<std::string> lines = SplitLines(page.out);
  for (const HelpedCommand& command : ReadHelp()) {
    std::string name;
    for (const std::string& part : command.path) name += " " + part;
    INFO("rev" + name);
    std::string section =
        command.path.empty() ? Section(lines, "GLOBAL OPTIONS") : Section(lines, "   rev" + name);
    REQUIRE_FALSE(section.empty());
    for (const std::string& option : command.options) {
      if (option == "-h" || option == "--help") continue;  // once, among the global options
      CHECK_THAT(section, Catch::Contains(option));
    }
    for (const std::string& positional : command.positionals) {
      CHECK_THAT(section, Catch::Contains(positional));
    }
  }
  std::string globals = Section(lines, "GLOBAL OPTIONS");
  CHECK_THAT(globals, Catch::Contains("--help") && Catch::Contains("--version"));
}

TEST_CASE("the man page's exit codes are the ones rev exits with", "[cli][man]") {
  ProcessResult page = RenderManPage();
  REV_REQUIRE_EXIT(page, 0);
  std::string exits = Section(SplitLines(page.out), "EXIT STATUS");
  for (const char* code : {"0", "1", "2", "3", "4", "130"}) {
    CHECK_THAT(exits, Catch::Contains("\n       " + std::string(code) + "\n") ||
                          Catch::Contains("\n       " + std::string(code) + " "));
  }
  REV_CHECK_EXIT(RunRev({"no-such-command"}), 2);
}

TEST_CASE("rev man is hidden from --help but prints the page the build installed", "[cli][man]") {
  ProcessResult help = RunRev({"--help"});
  REV_REQUIRE_EXIT(help, 0);
  CHECK_THAT(help.out, !Catch::Contains("__complete") && !Catch::Contains("  man "));
  ProcessResult man = RunRev({"man"});
  REV_REQUIRE_EXIT(man, 0);
  CHECK(man.out == ReadFile(BuildFolder() / "rev.1"));
}

}  // namespace
}  // namespace rev::testing
