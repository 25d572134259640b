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

std::optional<Keyword> KeywordOf(std::string_view word) {
  if (word == "head") return Keyword::kHead;
  if (word == "heads") return Keyword::kHeads;
  if (word == "base") return Keyword::kBase;
  return std::nullopt;
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
  if (!anchor.empty()) {
    std::optional<Keyword> keyword = KeywordOf(anchor);
    relative.anchor = keyword ? Anchor(*keyword) : Anchor(std::string(anchor));
  }
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
  if (std::optional<Keyword> keyword = KeywordOf(rest)) {
    return Target(KeywordTarget{*keyword, label});
  }
  if (auto relative = ParseRelative(text, rest, label)) {
    if (!relative->ok()) return relative->status();
    return Target(std::move(relative->value()));
  }
  problem = revisions::RevisionId::Problem(rest);
  if (!problem.empty()) return BadTarget(text, problem);
  return Target(NamedTarget{std::string(rest), label});
}

Result<Target> ParseSingle(std::string_view text) {
  if (text.empty()) return BadTarget(text, "it is empty");
  if (std::optional<Keyword> keyword = KeywordOf(text)) return Target(KeywordTarget{*keyword, {}});
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
    return Target(NamedTarget{std::string(text), {}});
  std::string problem = revisions::BranchLabel::Problem(text);
  if (!problem.empty()) return BadTarget(text, problem);
  return Target(NamedTarget{std::string(text), {}});
}

std::string AnchorToString(const Anchor& anchor) {
  if (const auto* keyword = std::get_if<Keyword>(&anchor)) return KeywordName(*keyword);
  return std::get<std::string>(anchor);
}

std::string Labelled(const std::optional<std::string>& label, const std::string& text) {
  return label ? *label + "@" + text : text;
}

}  // namespace

const char* KeywordName(Keyword keyword) {
  switch (keyword) {
    case Keyword::kHead:
      return "head";
    case Keyword::kHeads:
      return "heads";
    case Keyword::kBase:
      return "base";
  }
  return "head";
}

bool operator==(const KeywordTarget& a, const KeywordTarget& b) {
  return a.keyword == b.keyword && a.label == b.label;
}
bool operator==(const NamedTarget& a, const NamedTarget& b) {
  return a.name == b.name && a.label == b.label;
}
bool operator==(const RelativeTarget& a, const RelativeTarget& b) {
  return a.label == b.label && a.anchor == b.anchor && a.delta == b.delta;
}
bool operator==(const TargetRange& a, const TargetRange& b) {
  return a.start == b.start && a.end == b.end;
}

Result<Target> ParseTarget(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    return BadTarget(text, "a range (START:END) is for --sql and `history -r` only");
  }
  return ParseSingle(text);
}

Result<TargetRange> ParseTargetRange(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) return BadTarget(text, "a range is START:END");
  if (text.find(':', colon + 1) != std::string_view::npos) {
    return BadTarget(text, "a range has one ':' (START:END)");
  }
  TargetRange range;
  std::string_view start = text.substr(0, colon);
  std::string_view end = text.substr(colon + 1);
  if (!start.empty()) {
    REV_ASSIGN_OR_RETURN(range.start, ParseSingle(start));
  }
  if (!end.empty()) {
    REV_ASSIGN_OR_RETURN(range.end, ParseSingle(end));
  }
  return range;
}

Result<TargetOrRange> ParseTargetOrRange(std::string_view text) {
  if (text.find(':') == std::string_view::npos) {
    REV_ASSIGN_OR_RETURN(Target target, ParseSingle(text));
    return TargetOrRange(std::move(target));
  }
  REV_ASSIGN_OR_RETURN(TargetRange range, ParseTargetRange(text));
  return TargetOrRange(std::move(range));
}

std::string TargetToString(const Target& target) {
  struct Printer {
    std::string operator()(const KeywordTarget& keyword) const {
      return Labelled(keyword.label, KeywordName(keyword.keyword));
    }
    std::string operator()(const NamedTarget& named) const {
      return Labelled(named.label, named.name);
    }
    std::string operator()(const RelativeTarget& relative) const {
      std::string text = relative.anchor ? AnchorToString(*relative.anchor) : "";
      text += (relative.delta > 0 ? "+" : "") + std::to_string(relative.delta);
      return Labelled(relative.label, text);
    }
  };
  return std::visit(Printer{}, target);
}

std::string TargetToString(const TargetRange& range) {
  return (range.start ? TargetToString(*range.start) : "") + ":" +
         (range.end ? TargetToString(*range.end) : "");
}

bool IsRelative(const Target& target) { return std::holds_alternative<RelativeTarget>(target); }

namespace {

Result<RevisionIds> ResolveKeyword(const RevisionGraph& graph, const KeywordTarget& target) {
  switch (target.keyword) {
    case Keyword::kHead:
      return ResolveSingleHead(graph, target.label);
    case Keyword::kHeads:
      if (target.label) return ResolveBranchHeads(graph, *target.label);
      return graph.Heads();
    case Keyword::kBase:
      if (target.label) REV_RETURN_IF_ERROR(ResolveBranch(graph, *target.label).status());
      return RevisionIds{};
  }
  return RevisionIds{};
}

Result<RevisionIds> ResolveNamed(const RevisionGraph& graph, const NamedTarget& named) {
  if (!named.label) {
    REV_ASSIGN_OR_RETURN(RevisionId id, ResolveName(graph, named.name));
    return RevisionIds{id};
  }
  REV_ASSIGN_OR_RETURN(RevisionId id, ResolveNameOnBranch(graph, named.name, *named.label));
  return RevisionIds{id};
}

}  // namespace

Result<RevisionIds> ResolveTarget(const RevisionGraph& graph, const Target& target) {
  if (const auto* keyword = std::get_if<KeywordTarget>(&target)) {
    return ResolveKeyword(graph, *keyword);
  }
  if (const auto* named = std::get_if<NamedTarget>(&target)) return ResolveNamed(graph, *named);
  return Status::InvalidInput("'" + TargetToString(target) +
                              "' is relative to the database's heads; it names no revision on "
                              "its own");
}

}  // namespace rev::engine
