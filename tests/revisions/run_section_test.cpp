// A section written as a program (`-- rev:upgrade-run: COMMAND`): the command split into
// words as a shell splits plain and quoted words, and every mistake refused at file:line.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "revisions/run_command.h"
#include "tests/support/parse_revision_text.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

using Words = std::vector<std::string>;

// A valid two-line header followed by `rest`.
std::string File(const std::string& rest) {
  return "-- revision: 9c0d1e2f3a4b\n-- down_revision: 3f2a9c1b7d4e\n" + rest;
}

Words SplitOk(const std::string& text) {
  auto words = revisions::SplitCommandWords(text);
  INFO("command: " << text);
  if (!words.ok()) FAIL("unexpected error: " << words.status().ToString());
  return *words;
}

TEST_CASE("a run marker names the program a section runs", "[revision_file][run]") {
  auto parsed =
      MustParse(File("-- rev:upgrade-run: python3 scripts/backfill.py --batch 500\n"
                     "-- fills the new column\n\n"
                     "-- rev:downgrade-run: ./undo.sh\n"));
  const revisions::Revision& revision = parsed.revision;
  REQUIRE(revision.upgrade_run().has_value());
  CHECK(revision.upgrade_run()->argv == Words{"python3", "scripts/backfill.py", "--batch", "500"});
  CHECK(revision.upgrade_run()->line == 3);
  REQUIRE(revision.downgrade_run().has_value());
  CHECK(revision.downgrade_run()->argv == Words{"./undo.sh"});
  CHECK(revision.downgrade_run()->line == 6);
  CHECK(revision.runs_program());
  // A program runs something: never a no-op, and a downgrade has something to undo with.
  CHECK_FALSE(revision.upgrade_runs_nothing());
  CHECK_FALSE(revision.upgrade_left_empty());
  CHECK(revision.has_downgrade());
  CHECK(revision.upgrade_sql().empty());
}

TEST_CASE("a run section can stand beside a SQL section", "[revision_file][run]") {
  auto parsed =
      MustParse(File("-- rev:upgrade-run: ./fill.sh\n-- rev:downgrade\nDELETE FROM t;\n"));
  CHECK(parsed.revision.upgrade_run()->argv == Words{"./fill.sh"});
  CHECK_FALSE(parsed.revision.downgrade_run().has_value());
  CHECK(*parsed.revision.downgrade_sql() == "DELETE FROM t;\n");
  auto sql_first =
      MustParse(File("-- rev:upgrade\nCREATE TABLE t (x INT);\n"
                     "-- rev:downgrade-run: ./undo.sh\n"));
  CHECK_FALSE(sql_first.revision.upgrade_run().has_value());
  CHECK(sql_first.revision.downgrade_run()->argv == Words{"./undo.sh"});
  CHECK(sql_first.revision.runs_program());
}

TEST_CASE("a file read without its SQL still knows its programs", "[revision_file][run]") {
  auto parsed = revisions::ParseRevisionText(File("-- rev:upgrade-run: ./fill.sh\n"), kTestPath,
                                             {/*checksum=*/false, /*sections=*/false});
  REQUIRE(parsed.ok());
  CHECK(parsed->revision.upgrade_run()->argv == Words{"./fill.sh"});
  CHECK_FALSE(parsed->revision.upgrade_left_empty());
}

TEST_CASE("command words split like a shell's plain and quoted words", "[revision_file][run]") {
  CHECK(SplitOk("a  b\tc") == Words{"a", "b", "c"});
  CHECK(SplitOk("python3 'my script.py' \"two words\"") ==
        Words{"python3", "my script.py", "two words"});
  CHECK(SplitOk("echo 'it'\\''s'") == Words{"echo", "it's"});
  CHECK(SplitOk("echo \"say \\\"hi\\\" \\\\ $HOME\"") == Words{"echo", "say \"hi\" \\ $HOME"});
  CHECK(SplitOk("echo a\\ b") == Words{"echo", "a b"});
  CHECK(SplitOk("echo '' x") == Words{"echo", "", "x"});
  // No shell: what a shell would expand stays as written.
  CHECK(SplitOk("echo $HOME *.py | wc") == Words{"echo", "$HOME", "*.py", "|", "wc"});
  revisions::RunCommand command{{"python3", "my script.py", "it's"}, 3};
  CHECK(command.Text() == "python3 'my script.py' 'it'\\''s'");
  CHECK(SplitOk(command.Text()) == command.argv);
}

TEST_CASE("a run marker's mistakes are refused at file:line", "[revision_file][run][errors]") {
  SECTION("SQL under a run marker") {
    Status error =
        MustFail(File("-- rev:upgrade-run: ./fill.sh\n-- a comment\n\n"
                      "UPDATE t SET x = 1;\n"));
    RequireErrorAt(error, 6, "SQL in a section that runs a program");
    CHECK(error.message().find("line 3") != std::string::npos);
    CHECK(error.hint().find("either SQL or a program") != std::string::npos);
  }
  SECTION("SQL under a downgrade run marker") {
    RequireErrorAt(MustFail(File("-- rev:upgrade\nSELECT 1;\n-- rev:downgrade-run: ./undo.sh\n"
                                 "  DELETE FROM t;\n")),
                   6, "SQL in a section that runs a program");
  }
  SECTION("an unclosed quote") {
    Status error = MustFail(File("\n-- rev:upgrade-run: python3 'backfill.py\n"));
    RequireErrorAt(error, 4, "' that is never closed");
    CHECK(error.hint().find("close the quote") != std::string::npos);
    RequireErrorAt(MustFail(File("-- rev:upgrade\n-- rev:downgrade-run: echo \"x\n")), 4,
                   "\" that is never closed");
  }
  SECTION("an empty command") {
    Status error = MustFail(File("-- rev:upgrade-run:\n"));
    RequireErrorAt(error, 3, "names no program");
    CHECK(error.hint().find("upgrade-run: python3") != std::string::npos);
    RequireErrorAt(MustFail(File("-- rev:upgrade-run:   \t\n")), 3, "names no program");
    RequireErrorAt(MustFail(File("-- rev:upgrade-run: ''\n")), 3, "names no program");
  }
  SECTION("a second upgrade marker, run or not") {
    RequireErrorAt(MustFail(File("-- rev:upgrade-run: ./a.sh\n-- rev:upgrade\n")), 4,
                   "second `-- rev:upgrade`");
  }
  SECTION("a misspelt run marker") {
    Status error = MustFail(File("-- rev:upgrade-runs: ./a.sh\n"));
    RequireErrorAt(error, 3, "unknown marker");
    CHECK(error.hint().find("upgrade-run: COMMAND") != std::string::npos);
  }
}

// The files a command names inside the project are what its checksum covers besides the
// revision file.
TEST_CASE("a command's program files are the words naming files in the project",
          "[revision_file][run]") {
  TempDir project;
  std::filesystem::create_directories(project.path() / "scripts");
  WriteFile(project.path() / "scripts" / "fill.py", "print(1)\n");
  WriteFile(project.path() / "run.sh", "#!/bin/sh\n");
  TempDir elsewhere;
  WriteFile(elsewhere.path() / "outside.py", "x\n");
  revisions::RunCommand command{
      {"python3", "scripts/fill.py", "--flag", "./run.sh", "scripts/../run.sh",
       (elsewhere.path() / "outside.py").string(), "scripts", "missing.py"},
      3};
  auto files = revisions::ProgramFilesOf(command, project.path());
  Words names;
  for (const auto& file : files) names.push_back(file.generic_string());
  CHECK(names == Words{"run.sh", "scripts/fill.py"});

  revisions::Checksum file_sum = revisions::Checksum::Of("-- revision: a\n");
  revisions::Checksum before = revisions::WithProgramFiles(file_sum, files, project.path());
  CHECK(before != file_sum);
  CHECK(revisions::WithProgramFiles(file_sum, files, project.path()) == before);
  WriteFile(project.path() / "scripts" / "fill.py", "print(2)\n");
  CHECK(revisions::WithProgramFiles(file_sum, files, project.path()) != before);
  CHECK(revisions::WithProgramFiles(file_sum, {}, project.path()) == file_sum);
}

}  // namespace
}  // namespace rev::testing
