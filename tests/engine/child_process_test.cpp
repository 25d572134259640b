// Child processes fed from text rev holds (ChildCommand::stdin_text): more than a pipe
// buffer in both directions at once, a child that stops reading early, and none at all.
#include "engine/process/child_process.h"

#include <catch2/catch.hpp>
#include <csignal>

namespace rev::engine::process {
namespace {

// A child that leaves before reading everything must not end the test process: run with
// SIGPIPE at its default action, as rev runs.
struct DefaultSigpipe {
  DefaultSigpipe() : previous(std::signal(SIGPIPE, SIG_DFL)) {}
  ~DefaultSigpipe() { std::signal(SIGPIPE, previous); }
  DefaultSigpipe(const DefaultSigpipe&) = delete;
  DefaultSigpipe& operator=(const DefaultSigpipe&) = delete;
  void (*previous)(int);
};

std::string Lines(size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

ChildCommand Command(std::vector<std::string> argv, std::string stdin_text) {
  ChildCommand command;
  command.argv = std::move(argv);
  command.env = {"PATH=/usr/bin:/bin"};
  command.capture_stdout = true;
  command.stdin_text = std::move(stdin_text);
  return command;
}

TEST_CASE("A child reads text from rev on stdin while rev reads its stdout") {
  DefaultSigpipe sigpipe;
  std::string text = Lines(200000);  // about 2.5 MB: many times a pipe's or socket's buffer
  auto copied = RunChild(Command({"/bin/cat"}, text));
  REQUIRE(copied.ok());
  CHECK(copied->exit_code == 0);
  CHECK(copied->out.size() == text.size());
  CHECK(copied->out == text);

  auto empty = RunChild(Command({"/bin/cat"}, ""));
  REQUIRE(empty.ok());
  CHECK(empty->exit_code == 0);
  CHECK(empty->out.empty());
}

TEST_CASE("A child that stops reading its stdin text is no failure of the runner") {
  DefaultSigpipe sigpipe;
  std::string text = Lines(400000);
  auto first = RunChild(Command({"/usr/bin/head", "-c", "7"}, text));
  REQUIRE(first.ok());
  CHECK(first->exit_code == 0);
  CHECK(first->out == "line 0\n");

  auto none = RunChild(Command({"/bin/true"}, text));
  REQUIRE(none.ok());
  CHECK(none->exit_code == 0);
}

TEST_CASE("stdin text feeds the first stage of a pipeline") {
  DefaultSigpipe sigpipe;
  std::vector<ChildCommand> stages = {Command({"/usr/bin/sort", "-r"}, "a\nc\nb\n"),
                                      Command({"/usr/bin/head", "-n", "2"}, "")};
  stages[0].capture_stdout = false;
  stages[1].stdin_text.reset();
  auto results = RunPipeline(stages);
  REQUIRE(results.ok());
  CHECK((*results)[0].exit_code == 0);
  CHECK((*results)[1].out == "c\nb\n");
}

}  // namespace
}  // namespace rev::engine::process
