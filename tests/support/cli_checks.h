// What the CLI tests share: reading the one JSON document of a --json run.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/project.h"
#include "tests/support/run_process.h"

namespace rev::testing {

// stdout of a --json run parsed as one JSON document (a parse failure fails the test).
inline nlohmann::json JsonOf(const ProcessResult& result) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  nlohmann::json document = nlohmann::json::parse(result.out, nullptr, false);
  REQUIRE_FALSE(document.is_discarded());
  return document;
}

// Options to run in `cwd`.
inline ProcessOptions In(const std::filesystem::path& cwd) {
  ProcessOptions options;
  options.cwd = cwd;
  return options;
}

// The exit code, with what rev said when a check on it fails.
#define REV_CHECK_EXIT(result, code) REV_EXIT_IMPL_(CHECK, result, code)
#define REV_REQUIRE_EXIT(result, code) REV_EXIT_IMPL_(REQUIRE, result, code)
#define REV_EXIT_IMPL_(assertion, result, code)                               \
  do {                                                                        \
    const ::rev::testing::ProcessResult& rev_checked_ = (result);             \
    INFO("stdout: " << rev_checked_.out << "\nstderr: " << rev_checked_.err); \
    assertion(rev_checked_.exit_code == (code));                              \
  } while (false)

}  // namespace rev::testing
