// JsonOf: the one JSON document a `--json` run printed on stdout.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/run_process.h"

namespace rev::testing {

// stdout of a --json run parsed as one JSON document (a parse failure fails the test).
inline nlohmann::json JsonOf(const ProcessResult& result) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  nlohmann::json document = nlohmann::json::parse(result.out, nullptr, false);
  REQUIRE_FALSE(document.is_discarded());
  return document;
}

}  // namespace rev::testing
