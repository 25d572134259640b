#include "engine/target.h"

#include <charconv>
#include <limits>

#include "engine/target_resolution.h"

namespace rev::engine {
namespace {

constexpr const char* kForms =
    "expected head, heads, base, a revision id or a prefix of 4+ characters, a branch label, "
    "+N, -N, REV+N, REV-N, label@head, label@+N, label@-N, or START:END";

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool AllIdChars(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsIdChar(c)) return false;
  }
  return true;
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

Status BadTarget(std::string_view text, const std::string& why) {
  return Status::InvalidInput("'" + std::string(text) + "' is not a target: " + why)
      .WithHint(kForms);
}

// "+3" / "-2" → 3 / -2. REQUIRES: text[0] is '+' or '-'.
Result<int> ParseDelta(std::string_view whole, std::string_view text) {
  std::string_view digits = text.substr(1);
  if (!AllDigits(digits)) return BadTarget(whole, "a relative step is +N or -N with N a number");
  long long value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() ||
      value > std::numeric_limits<int>::max()) {
    return BadTarget(whole, "the step " + std::string(text) + " is too large");
  }
  if (value == 0) return BadTarget(whole, "a relative step of 0 moves nowhere");
  return static_cast<int>(text[0] == '-' ? -value : value);
}

// `rest` as a relative form, when it is one: "+N", "-N" or "anchor+N", "anchor-N".
std::optional<Result<RelativeTarget>> ParseRelative(std::string_view whole, std::string_view rest,
                                                    std::optional<std::string> label) {
  size_t sign = rest.find_first_of("+-");
  if (sign == std::string_view::npos) return std::nullopt;
  std::string_view anchor = rest.substr(0, sign);
  if (!anchor.empty() && !AllIdChars(anchor)) return std::nullopt;
  if (anchor.empty() && sign != 0) return std::nullopt;
  Result<int> delta = ParseDelta(whole, rest.substr(sign));
  if (!delta.ok()) {
    // "name-with-dash" is a branch label, not a broken relative step.
    if (!anchor.empty() && !AllDigits(rest.substr(sign + 1))) return std::nullopt;
    return Result<RelativeTarget>(delta.status());
  }
  RelativeTarget relative;
  relative.label = std::move(label);
  if (!anchor.empty()) relative.anchor = std::string(anchor);
  relative.delta = *delta;
  return Result<RelativeTarget>(std::move(relative));
}

Result<Target> ParseLabelled(std::string_view text, size_t at) {
  std::string label(text.substr(0, at));
  std::string_view rest = text.substr(at + 1);
  if (label.empty()) return BadTarget(text, "nothing before '@'; write label@head");
  if (rest.empty()) return BadTarget(text, "nothing after '@'; write " + label + "@head");
  if (rest.find('@') != std::string_view::npos) return BadTarget(text, "more than one '@'");
  std::string problem = revisions::BranchLabel::Problem(label);
  if (!problem.empty()) return BadTarget(text, problem);
  if (rest == "head" || rest == "heads" || rest == "base") {
    return Target(NamedTarget{label, std::string(rest)});
  }
  if (auto relative = ParseRelative(text, rest, label)) {
    if (!relative->ok()) return relative->status();
    return Target(std::move(relative->value()));
  }
  problem = revisions::RevisionId::Problem(rest);
  if (!problem.empty()) return BadTarget(text, problem);
  return Target(NamedTarget{label, std::string(rest)});
}

Result<Target> ParseSingle(std::string_view text) {
  if (text.empty()) return BadTarget(text, "it is empty");
  if (text == "head") return Target(HeadTarget{});
  if (text == "heads") return Target(HeadsTarget{});
  if (text == "base") return Target(BaseTarget{});
  if (text == "current") {
    return BadTarget(text, "`current` is the database's state; give a revision instead");
  }
  size_t at = text.find('@');
  if (at != std::string_view::npos) return ParseLabelled(text, at);
  if (auto relative = ParseRelative(text, text, std::nullopt)) {
    if (!relative->ok()) return relative->status();
    return Target(std::move(relative->value()));
  }
  // A bare name: an id, a prefix, or a branch label (labels may hold '.' and '-').
  if (revisions::RevisionId::Problem(text).empty())
    return Target(NamedTarget{{}, std::string(text)});
  std::string problem = revisions::BranchLabel::Problem(text);
  if (!problem.empty()) return BadTarget(text, problem);
  return Target(NamedTarget{{}, std::string(text)});
}

std::string RelativeToString(const RelativeTarget& relative) {
  std::string text = relative.label ? *relative.label + "@" : "";
  if (relative.anchor) text += *relative.anchor;
  return text + (relative.delta > 0 ? "+" : "") + std::to_string(relative.delta);
}

}  // namespace

Result<Target> ParseTarget(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    if (text.empty()) return BadTarget(text, "it is empty");
    return ParseSingle(text);
  }
  if (text.find(':', colon + 1) != std::string_view::npos) {
    return BadTarget(text, "a range has one ':' (START:END)");
  }
  RangeTarget range;
  std::string_view start = text.substr(0, colon);
  std::string_view end = text.substr(colon + 1);
  if (!start.empty()) {
    REV_RETURN_IF_ERROR(ParseSingle(start).status());
    range.start = std::string(start);
  }
  if (!end.empty()) {
    REV_RETURN_IF_ERROR(ParseSingle(end).status());
    range.end = std::string(end);
  }
  return Target(std::move(range));
}

std::string TargetToString(const Target& target) {
  struct Printer {
    std::string operator()(const HeadTarget&) const { return "head"; }
    std::string operator()(const HeadsTarget&) const { return "heads"; }
    std::string operator()(const BaseTarget&) const { return "base"; }
    std::string operator()(const NamedTarget& named) const {
      return named.label ? *named.label + "@" + named.name : named.name;
    }
    std::string operator()(const RelativeTarget& relative) const {
      return RelativeToString(relative);
    }
    std::string operator()(const RangeTarget& range) const {
      return range.start.value_or("") + ":" + range.end.value_or("");
    }
  };
  return std::visit(Printer{}, target);
}

namespace {

Result<RevisionIds> ResolveNamed(const RevisionGraph& graph, const NamedTarget& named) {
  if (!named.label) {
    REV_ASSIGN_OR_RETURN(RevisionId id, ResolveName(graph, named.name));
    return RevisionIds{id};
  }
  if (named.name == "head") return ResolveSingleHead(graph, named.label);
  if (named.name == "heads") return ResolveBranchHeads(graph, *named.label);
  REV_ASSIGN_OR_RETURN(RevisionId owner, ResolveBranch(graph, *named.label));
  if (named.name == "base") return RevisionIds{};
  REV_ASSIGN_OR_RETURN(RevisionId id, ResolveName(graph, named.name));
  if (!Lineage(graph, owner).Contains(id)) {
    return Status::NotFound("revision " + id.str() + " is not on branch '" + *named.label + "'")
        .WithHint("a branch holds the ancestors and descendants of " +
                  DescribeRevisions(graph, {owner}) + "; give the id alone to name " + id.str());
  }
  return RevisionIds{id};
}

}  // namespace

Result<RevisionIds> ResolveTarget(const RevisionGraph& graph, const Target& target) {
  if (std::holds_alternative<HeadTarget>(target)) return ResolveSingleHead(graph, std::nullopt);
  if (std::holds_alternative<HeadsTarget>(target)) return graph.Heads();
  if (std::holds_alternative<BaseTarget>(target)) return RevisionIds{};
  if (const auto* named = std::get_if<NamedTarget>(&target)) return ResolveNamed(graph, *named);
  return Status::InvalidInput("'" + TargetToString(target) +
                              "' is relative to the database's heads or a range; it names "
                              "no revision on its own");
}

}  // namespace rev::engine
