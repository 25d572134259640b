// REV_CHECK_EXIT / REV_REQUIRE_EXIT: the exit code of a finished process (the built rev or
// any other program), with what it printed shown when the check fails.
//
//   REV_REQUIRE_EXIT(p.Rev({"upgrade"}), 0);
#pragma once

#include <catch2/catch.hpp>

#include "tests/support/run_process.h"

#define REV_CHECK_EXIT(result, code) REV_EXIT_IMPL_(CHECK, result, code)
#define REV_REQUIRE_EXIT(result, code) REV_EXIT_IMPL_(REQUIRE, result, code)
#define REV_EXIT_IMPL_(assertion, result, code)                               \
  do {                                                                        \
    const ::rev::testing::ProcessResult& rev_checked_ = (result);             \
    INFO("stdout: " << rev_checked_.out << "\nstderr: " << rev_checked_.err); \
    assertion(rev_checked_.exit_code == (code));                              \
  } while (false)
