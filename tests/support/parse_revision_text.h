// Helpers for the revision-file tests: parse a literal file text as `revisions/a.sql` and
// either require success or return the error, so each test reads as one sentence.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <string_view>

#include "revisions/revision_file.h"

namespace rev::testing {

inline constexpr const char* kTestPath = "revisions/a.sql";

// The parsed revision; fails the test (showing the error) when `text` does not parse.
inline revisions::ParsedRevision MustParse(std::string_view text) {
  auto parsed = revisions::ParseRevisionText(text, kTestPath);
  INFO("text:\n" << text);
  if (!parsed.ok()) FAIL("unexpected error: " << parsed.status().ToString());
  return std::move(parsed).value();
}

// The error; fails the test when `text` parses.
inline Status MustFail(std::string_view text) {
  auto parsed = revisions::ParseRevisionText(text, kTestPath);
  INFO("text:\n" << text);
  if (parsed.ok()) FAIL("expected an error, but the file parsed");
  return parsed.status();
}

// Requires `error` to be a bad-input error located at `revisions/a.sql:line`, printed with
// that prefix, whose message contains `words` (what was wrong or expected).
inline void RequireErrorAt(const Status& error, int line, std::string_view words) {
  INFO("error: " << error.ToString());
  REQUIRE(error.code() == StatusCode::kInvalidInput);
  REQUIRE(error.location().has_value());
  CHECK(error.location()->file == kTestPath);
  CHECK(error.location()->line == line);
  CHECK(error.ToString().rfind(std::string(kTestPath) + ":" + std::to_string(line) + ":", 0) == 0);
  CHECK(error.message().find(words) != std::string::npos);
}

}  // namespace rev::testing
