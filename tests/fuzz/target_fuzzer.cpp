// libFuzzer target: target parsing (SPEC §2) on arbitrary bytes.
//
// Besides "no crash, leak or hang": a failure is a kInvalidInput with a message and a
// hint, and a success prints (TargetToString) to text that parses back to the same target
// and prints the same again. Any violation aborts with the input shown.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "engine/target.h"

namespace {

using rev::engine::NamedTarget;
using rev::engine::RelativeTarget;
using rev::engine::Target;
using rev::engine::TargetOrRange;
using rev::engine::TargetRange;

[[noreturn]] void Fail(std::string_view input, const std::string& what) {
  std::fprintf(stderr, "target_fuzzer: %s\ninput: '%.*s'\n", what.c_str(),
               static_cast<int>(input.size()), input.data());
  std::abort();
}

void CheckTarget(std::string_view input, const Target& target) {
  if (const auto* relative = std::get_if<RelativeTarget>(&target)) {
    if (relative->delta == 0) Fail(input, "a relative target with delta 0");
  }
  if (const auto* named = std::get_if<NamedTarget>(&target)) {
    if (named->name.empty()) Fail(input, "a named target with an empty name");
  }
}

// Each side of a range is a target of its own, and a target alone is never a range.
void CheckInvariants(std::string_view input, const TargetOrRange& parsed) {
  if (const auto* range = std::get_if<TargetRange>(&parsed)) {
    for (const auto& side : {range->start, range->end}) {
      if (!side) continue;
      CheckTarget(input, *side);
      std::string printed = rev::engine::TargetToString(*side);
      if (!rev::engine::ParseTarget(printed).ok()) {
        Fail(input, "a range side that does not parse alone: " + printed);
      }
    }
    return;
  }
  CheckTarget(input, std::get<Target>(parsed));
  if (!rev::engine::ParseTarget(input).ok()) Fail(input, "a target that ParseTarget refuses");
}

std::string Print(const TargetOrRange& parsed) {
  return std::visit([](const auto& value) { return rev::engine::TargetToString(value); }, parsed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = rev::engine::ParseTargetOrRange(input);
  if (!parsed.ok()) {
    const rev::Status& error = parsed.status();
    if (error.code() != rev::StatusCode::kInvalidInput)
      Fail(input, "an error that is not kInvalidInput");
    if (error.message().empty() || error.hint().empty())
      Fail(input, "an error without message or hint");
    return 0;
  }
  CheckInvariants(input, *parsed);
  std::string printed = Print(*parsed);
  auto reparsed = rev::engine::ParseTargetOrRange(printed);
  if (!reparsed.ok()) {
    Fail(input, "TargetToString gave '" + printed +
                    "', which does not parse: " + reparsed.status().ToString());
  }
  if (!(*parsed == *reparsed)) Fail(input, "'" + printed + "' parses to a different target");
  if (Print(*reparsed) != printed) Fail(input, "printing is not stable");
  return 0;
}
