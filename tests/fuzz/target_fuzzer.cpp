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

using rev::engine::BaseTarget;
using rev::engine::HeadsTarget;
using rev::engine::HeadTarget;
using rev::engine::NamedTarget;
using rev::engine::RangeTarget;
using rev::engine::RelativeTarget;
using rev::engine::Target;

[[noreturn]] void Fail(std::string_view input, const std::string& what) {
  std::fprintf(stderr, "target_fuzzer: %s\ninput: '%.*s'\n", what.c_str(),
               static_cast<int>(input.size()), input.data());
  std::abort();
}

bool Same(const Target& a, const Target& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<NamedTarget>(&a)) {
    const auto& y = std::get<NamedTarget>(b);
    return x->label == y.label && x->name == y.name;
  }
  if (const auto* x = std::get_if<RelativeTarget>(&a)) {
    const auto& y = std::get<RelativeTarget>(b);
    return x->label == y.label && x->anchor == y.anchor && x->delta == y.delta;
  }
  if (const auto* x = std::get_if<RangeTarget>(&a)) {
    const auto& y = std::get<RangeTarget>(b);
    return x->start == y.start && x->end == y.end;
  }
  return true;  // head, heads, base carry nothing
}

void CheckInvariants(std::string_view input, const Target& target) {
  if (const auto* relative = std::get_if<RelativeTarget>(&target)) {
    if (relative->delta == 0) Fail(input, "a relative target with delta 0");
  }
  if (const auto* named = std::get_if<NamedTarget>(&target)) {
    if (named->name.empty()) Fail(input, "a named target with an empty name");
  }
  if (const auto* range = std::get_if<RangeTarget>(&target)) {
    // Each side of a range is a target of its own.
    for (const auto& side : {range->start, range->end}) {
      if (!side) continue;
      if (side->empty()) Fail(input, "a range side that is present but empty");
      auto parsed = rev::engine::ParseTarget(*side);
      if (!parsed.ok()) Fail(input, "a range side that does not parse alone: " + *side);
      if (std::holds_alternative<RangeTarget>(*parsed)) Fail(input, "a range inside a range");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = rev::engine::ParseTarget(input);
  if (!parsed.ok()) {
    const rev::Status& error = parsed.status();
    if (error.code() != rev::StatusCode::kInvalidInput)
      Fail(input, "an error that is not kInvalidInput");
    if (error.message().empty() || error.hint().empty())
      Fail(input, "an error without message or hint");
    return 0;
  }
  CheckInvariants(input, *parsed);
  std::string printed = rev::engine::TargetToString(*parsed);
  auto reparsed = rev::engine::ParseTarget(printed);
  if (!reparsed.ok()) {
    Fail(input, "TargetToString gave '" + printed +
                    "', which does not parse: " + reparsed.status().ToString());
  }
  if (!Same(*parsed, *reparsed)) Fail(input, "'" + printed + "' parses to a different target");
  if (rev::engine::TargetToString(*reparsed) != printed) Fail(input, "printing is not stable");
  return 0;
}
