// The shell completions the build writes (build/completions/, by `rev completion SHELL`):
// bash's run in a real bash with bash-completion loaded, fish's with fish's own
// `complete -C`, zsh's in a real zsh with compadd stood in for. Commands, options and the
// project's targets are offered; `rev __complete-targets` is quiet and successful outside a
// project.
#include <catch2/catch.hpp>

#include "tests/cli/shipping_helpers.h"
#include "tests/support/exit_checks.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

// A project with two revisions, the second labelled `main`.
void WriteTargets(Project* project) {
  project->Revision(Rev("aaaa1111"));
  project->Revision(Rev("bbbb2222", {"aaaa1111"}).Labels({"main"}));
}

// The built rev first on PATH, as `rev` (the scripts run the command the line names).
ProcessOptions WithRevOnPath(const std::filesystem::path& cwd) {
  ProcessOptions options = In(cwd);
  options.env["PATH"] = BuildFolder().string() + ":/usr/bin:/bin";
  return options;
}

// What bash offers for `line` (the cursor at its end; a trailing space starts a new word),
// one candidate per line, through the function bash-completion's `complete -p rev` names.
Lines BashOffers(const std::string& line, const std::filesystem::path& cwd) {
  std::string script =
      "source /usr/share/bash-completion/bash_completion || exit 3\n"
      "source '" +
      (BuildFolder() / "completions" / "bash" / "rev").string() +
      "' || exit 4\n"
      "function_name=$(complete -p rev | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p')\n"
      "[[ -n $function_name ]] || exit 5\n"
      "COMP_LINE=\"$1\"; COMP_POINT=${#COMP_LINE}\n"
      "read -r -a COMP_WORDS <<<\"$COMP_LINE\"\n"
      "[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')\n"
      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
      "\"$function_name\" rev \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
      "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  ProcessResult result = RunProcess({"bash", "-c", script, "bash", line}, WithRevOnPath(cwd));
  REV_REQUIRE_EXIT(result, 0);
  Lines offers;
  for (const std::string& offer : SplitLines(result.out)) {
    if (!offer.empty()) offers.push_back(offer);
  }
  std::sort(offers.begin(), offers.end());
  return offers;
}

const Lines kAllTargets = {"aaaa1111", "base", "bbbb2222", "head", "heads", "main", "main@head"};

TEST_CASE("bash completes the commands rev --help lists, and no hidden one", "[cli][completion]") {
  Project p;
  Lines offered = BashOffers("rev ", p.root());
  std::vector<HelpedCommand> help = ReadHelp();
  Lines expected = help.front().subcommands;
  std::sort(expected.begin(), expected.end());
  CHECK(offered == expected);
  CHECK(BashOffers("rev fleet ", p.root()) == Lines{"downgrade", "status", "upgrade"});
  CHECK(BashOffers("rev up", p.root()) == Lines{"upgrade"});
}

TEST_CASE("bash completes a command's options and the global ones", "[cli][completion]") {
  Project p;
  CHECK(BashOffers("rev upgrade --s", p.root()) == Lines{"--single-transaction", "--sql"});
  CHECK(BashOffers("rev heads --js", p.root()) == Lines{"--json"});
  CHECK(BashOffers("rev fleet upgrade --par", p.root()) == Lines{"--parallel"});
  CHECK(BashOffers("rev --conf", p.root()) == Lines{"--config"});
}

TEST_CASE("bash completes the project's targets where a command takes one", "[cli][completion]") {
  Project p;
  WriteTargets(&p);
  CHECK(BashOffers("rev upgrade ", p.root()) == kAllTargets);
  CHECK(BashOffers("rev downgrade a", p.root()) == Lines{"aaaa1111"});
  CHECK(BashOffers("rev show m", p.root()) == Lines{"main", "main@head"});
  CHECK(BashOffers("rev create --head b", p.root()) == Lines{"base", "bbbb2222"});
  CHECK(BashOffers("rev history -r he", p.root()) == Lines{"head", "heads"});
  CHECK(BashOffers("rev fleet upgrade bb", p.root()) == Lines{"bbbb2222"});
  CHECK(BashOffers("rev --json stamp bb", p.root()) == Lines{"bbbb2222"});

  SECTION("of the project -c names, from another folder") {
    TempDir elsewhere;
    CHECK(BashOffers("rev -c " + p.config().string() + " stamp ", elsewhere.path()) == kAllTargets);
  }
}

TEST_CASE("rev __complete-targets prints nothing and exits 0 outside a project",
          "[cli][completion]") {
  TempDir outside;
  ProcessResult result = RunRev({"__complete-targets"}, In(outside.path()));
  REV_CHECK_EXIT(result, 0);
  CHECK(result.out.empty());
  CHECK(result.err.empty());
  CHECK(BashOffers("rev upgrade ", outside.path()).empty());
}

TEST_CASE("rev __complete-targets lists the targets starting with the prefix",
          "[cli][completion]") {
  Project p;
  WriteTargets(&p);
  ProcessResult all = p.Rev({"__complete-targets"});
  REV_REQUIRE_EXIT(all, 0);
  CHECK(SplitLines(all.out) == kAllTargets);
  ProcessResult some = p.Rev({"__complete-targets", "ma"});
  REV_REQUIRE_EXIT(some, 0);
  CHECK(SplitLines(some.out) == Lines{"main", "main@head"});
}

TEST_CASE("fish completes commands, options and targets", "[cli][completion]") {
  Project p;
  WriteTargets(&p);
  std::string script = (BuildFolder() / "completions" / "fish" / "rev.fish").string();
  auto fish = [&](const std::string& line) {
    ProcessResult result = RunProcess(
        {"fish", "--no-config", "-c", "source " + script + "; complete -C '" + line + "'"},
        WithRevOnPath(p.root()));
    REV_REQUIRE_EXIT(result, 0);
    Lines names;
    for (const std::string& offer : SplitLines(result.out)) {
      names.push_back(offer.substr(0, offer.find('\t')));
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  REV_REQUIRE_EXIT(RunProcess({"fish", "--no-execute", script}), 0);
  CHECK(fish("rev upgrade ") == kAllTargets);
  CHECK(fish("rev fl") == Lines{"fleet"});
  CHECK(fish("rev fleet upgrade --par") == Lines{"--parallel"});
  CHECK(fish("rev create --head m") == Lines{"main", "main@head"});
}

// What zsh's script offers for `line`, run by a real zsh with the completion system's
// builtins stood in for: compadd prints the words it is given that match the word being
// completed (as compadd's own matching does), _files prints <files>.
Lines ZshOffers(const std::string& line, const std::filesystem::path& cwd) {
  std::string script =
      "compadd() { [[ $1 == -a ]] && print -l -- ${(M)${(P)2}:#${words[CURRENT]}*}; }\n"
      "_files() { print -- '<files>'; }\n"
      "compdef() { :; }\n"
      "source '" +
      (BuildFolder() / "completions" / "zsh" / "_rev").string() +
      "' || exit 4\n"
      "words=(${=1})\n"
      "[[ $1 == *' ' ]] && words+=('')\n"
      "CURRENT=${#words}\n"
      "_rev\n";
  ProcessResult result = RunProcess({"zsh", "-f", "-c", script, "zsh", line}, WithRevOnPath(cwd));
  REV_REQUIRE_EXIT(result, 0);
  Lines offers = SplitLines(result.out);
  std::sort(offers.begin(), offers.end());
  return offers;
}

TEST_CASE("zsh parses its completion script and completes with it", "[cli][completion]") {
  std::filesystem::path script = BuildFolder() / "completions" / "zsh" / "_rev";
  REQUIRE(ReadFile(script).rfind("#compdef rev\n", 0) == 0);
  REV_REQUIRE_EXIT(RunProcess({"zsh", "--no-exec", script.string()}), 0);
  Project p;
  WriteTargets(&p);
  CHECK(ZshOffers("rev upgrade ", p.root()) == kAllTargets);
  CHECK(ZshOffers("rev fleet ", p.root()) == Lines{"downgrade", "status", "upgrade"});
  CHECK(ZshOffers("rev upgrade --s", p.root()) == Lines{"--single-transaction", "--sql"});
  CHECK(ZshOffers("rev -c rev.yaml create --head m", p.root()) == Lines{"main", "main@head"});
  CHECK(ZshOffers("rev -c ", p.root()) == Lines{"<files>"});
}

TEST_CASE("rev completion prints the script the build installs, and refuses other shells",
          "[cli][completion]") {
  for (const auto& [shell, file] : std::vector<std::pair<std::string, std::string>>{
           {"bash", "bash/rev"}, {"zsh", "zsh/_rev"}, {"fish", "fish/rev.fish"}}) {
    ProcessResult result = RunRev({"completion", shell});
    REV_REQUIRE_EXIT(result, 0);
    CHECK(result.out == ReadFile(BuildFolder() / "completions" / file));
  }
  ProcessResult tcsh = RunRev({"completion", "tcsh"});
  REV_CHECK_EXIT(tcsh, 2);
  CHECK_THAT(tcsh.err, Catch::Contains("rev: error: "));
}

}  // namespace
}  // namespace rev::testing
