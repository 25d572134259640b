#include "engine/importers/sqitch_plan.h"

#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace rev::engine::importers {
namespace {

// Sqitch's [:punct:] without '_': a name may not begin or end with one of these.
constexpr std::string_view kPunctuation = "-!\"#$%&'()*+,./:;<=>?@[\\]^`{|}~";
// Characters no name may hold.
constexpr std::string_view kNotInNames = " \t:@#\\";
constexpr std::string_view kNameRule =
    "names must not begin with punctuation, contain '@', ':', '#', '\\' or blanks, or end "
    "in punctuation";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  return text;
}

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (IsBlank(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

bool IsPunctuation(char c) { return kPunctuation.find(c) != std::string_view::npos; }

bool IsValidName(std::string_view name) {
  if (name.empty() || IsPunctuation(name.front()) || IsPunctuation(name.back())) return false;
  return name.find_first_of(kNotInNames) == std::string_view::npos;
}

bool IsChangeId(std::string_view text) {
  if (text.size() != 40) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// 2013-12-30T23:19:10Z: Sqitch's only date form in a plan.
bool IsTimestamp(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() < kShape.size()) return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return false;
  }
  return true;
}

// A note as Sqitch writes it: trimmed, with \n, \r and \\ escaped.
std::string UnescapeNote(std::string_view note) {
  note = TrimRight(TrimLeft(note));
  std::string out;
  for (size_t i = 0; i < note.size(); ++i) {
    const char next = i + 1 < note.size() ? note[i + 1] : '\0';
    if (note[i] == '\\' && (next == 'n' || next == 'r' || next == '\\')) {
      out.push_back(next == 'n' ? '\n' : next == 'r' ? '\r' : '\\');
      ++i;
    } else {
      out.push_back(note[i]);
    }
  }
  return out;
}

// `[!][project:](change[@tag] | @tag | id)`; nullopt when it is none of those.
std::optional<SqitchDependency> ParseDependency(std::string_view text) {
  SqitchDependency dependency;
  dependency.text = std::string(text);
  if (!text.empty() && text.front() == '!') {
    dependency.conflict = true;
    text.remove_prefix(1);
  }
  const size_t colon = text.find(':');
  if (colon != std::string_view::npos) {
    dependency.project = std::string(text.substr(0, colon));
    if (!IsValidName(dependency.project)) return std::nullopt;
    text.remove_prefix(colon + 1);
  }
  if (IsChangeId(text)) {
    dependency.id = std::string(text);
    return dependency;
  }
  const size_t at = text.find('@');
  dependency.change = std::string(text.substr(0, at));
  if (at != std::string_view::npos) {
    dependency.tag = std::string(text.substr(at + 1));
    if (!IsValidName(dependency.tag)) return std::nullopt;
  }
  if (!dependency.change.empty() && !IsValidName(dependency.change)) return std::nullopt;
  if (dependency.change.empty() && dependency.tag.empty()) return std::nullopt;
  return dependency;
}

// What a change line and a tag line have in common.
struct Entry {
  std::string name;
  std::string dependencies;  // between [ and ], "" when none
  bool has_dependencies = false;
  std::string planned_at;
  std::string planner;
};

constexpr std::string_view kEntryShape =
    "write it as `name [requires] 2013-12-30T23:19:10Z Planner Name <email> # note` (tags: "
    "`@name 2013-12-30T23:19:10Z Planner Name <email> # note`)";

class PlanParser {
 public:
  explicit PlanParser(std::string file) : file_(std::move(file)) {}

  Result<SqitchPlan> Parse(std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      ++line_;
      REV_RETURN_IF_ERROR(ParseLine(text.substr(start, end - start)));
      start = end + 1;
    }
    if (plan_.project.empty()) {
      return Status::InvalidInput("the plan has no %project pragma")
          .At({file_, 0})
          .WithHint("add `%project=NAME` at the top of the plan, as `sqitch init NAME` writes it");
    }
    return std::move(plan_);
  }

 private:
  Status Fail(const std::string& message, std::string_view hint) const {
    return Status::InvalidInput(message).At({file_, line_}).WithHint(std::string(hint));
  }

  Status ParseLine(std::string_view line) {
    line = TrimRight(TrimLeft(line));
    if (line.empty() || line.front() == '#') return Status::Ok();
    std::string note;
    const size_t hash = line.find('#');
    if (hash != std::string_view::npos) {
      note = UnescapeNote(line.substr(hash + 1));
      line = TrimRight(line.substr(0, hash));
    }
    if (line.front() == '%') return ParsePragma(line.substr(1));
    if (line.front() == '@') return ParseTag(line.substr(1));  // a tag's note has no place in rev
    return ParseChange(line, std::move(note));
  }

  Status ParsePragma(std::string_view body) {
    if (!plan_.changes.empty()) {
      return Fail("a %pragma after the plan's changes",
                  "move it to the top of the plan, before the first change");
    }
    body = TrimLeft(body);
    const size_t equals = body.find('=');
    const std::string_view name = TrimRight(body.substr(0, equals));
    const std::string_view value =
        equals == std::string_view::npos ? "" : TrimLeft(body.substr(equals + 1));
    if (name == "project") {
      if (!IsValidName(value)) {
        return Fail("invalid project name '" + std::string(value) + "'",
                    "project " + std::string(kNameRule));
      }
      plan_.project = std::string(value);
    } else if (name == "uri") {
      plan_.uri = std::string(value);
    }
    return Status::Ok();  // %syntax-version and pragmas Sqitch ignores
  }

  Result<Entry> ParseEntry(std::string_view body) const {
    Entry entry;
    size_t name_end = body.find_first_of(" \t[");
    if (name_end == std::string_view::npos) name_end = body.size();
    entry.name = std::string(body.substr(0, name_end));
    if (!IsValidName(entry.name) || IsTimestamp(entry.name)) {
      return Fail("invalid name '" + entry.name + "'", kNameRule);
    }
    body = TrimLeft(body.substr(name_end));
    if (!body.empty() && body.front() == '[') {
      const size_t close = body.find(']');
      if (close == std::string_view::npos) return Fail("a '[' without its ']'", kEntryShape);
      entry.dependencies = std::string(body.substr(1, close - 1));
      entry.has_dependencies = true;
      body = TrimLeft(body.substr(close + 1));
    }
    if (!IsTimestamp(body)) {
      const bool has_planner = body.find('<') != std::string_view::npos;
      return Fail(has_planner ? "the date is missing" : "the date and planner are missing",
                  kEntryShape);
    }
    entry.planned_at = std::string(body.substr(0, 20));
    body = TrimLeft(body.substr(20));
    const size_t open = body.find('<');
    if (open == std::string_view::npos || open == 0 || !IsBlank(body[open - 1]) ||
        body.back() != '>' || body.size() - open < 3 ||
        body.substr(open + 1, body.size() - open - 2).find('>') != std::string_view::npos) {
      return Fail("the planner's name and <email> are missing", kEntryShape);
    }
    entry.planner = std::string(body);
    return entry;
  }

  Status ParseChange(std::string_view body, std::string note) {
    if (body.front() == '+' || body.front() == '-') {
      if (body.front() == '-') {
        return Fail("a change planned to be reverted ('-') cannot be imported",
                    "remove the line and the change it reverts from the plan");
      }
      body = TrimLeft(body.substr(1));
    }
    REV_ASSIGN_OR_RETURN(Entry entry, ParseEntry(body));
    auto duplicate = changes_since_tag_.find(entry.name);
    if (duplicate != changes_since_tag_.end()) {
      return Fail("change '" + entry.name + "' duplicates its declaration on line " +
                      std::to_string(duplicate->second),
                  "tag the plan between the two (sqitch tag) to rework the change, or rename one");
    }
    changes_since_tag_[entry.name] = line_;
    SqitchChange change;
    REV_ASSIGN_OR_RETURN(change.dependencies, ParseDependencies(entry.dependencies));
    change.name = std::move(entry.name);
    change.planned_at = std::move(entry.planned_at);
    change.planner = std::move(entry.planner);
    change.note = std::move(note);
    change.line = line_;
    plan_.changes.push_back(std::move(change));
    return Status::Ok();
  }

  Result<std::vector<SqitchDependency>> ParseDependencies(const std::string& text) const {
    std::vector<SqitchDependency> dependencies;
    std::string_view rest = TrimLeft(text);
    while (!rest.empty()) {
      size_t end = rest.find_first_of(" \t");
      if (end == std::string_view::npos) end = rest.size();
      const std::string_view word = rest.substr(0, end);
      std::optional<SqitchDependency> dependency = ParseDependency(word);
      if (!dependency) {
        return Fail("'" + std::string(word) + "' is not a valid dependency",
                    "write [change], [change@tag], [@tag], [project:change] or [!change]");
      }
      for (const SqitchDependency& earlier : dependencies) {
        if (earlier.text == dependency->text) {
          return Fail("dependency '" + earlier.text + "' is listed twice", "list it once");
        }
      }
      dependencies.push_back(std::move(*dependency));
      rest = TrimLeft(rest.substr(end));
    }
    return dependencies;
  }

  Status ParseTag(std::string_view body) {
    REV_ASSIGN_OR_RETURN(Entry entry, ParseEntry(body));
    if (entry.name.find('/') != std::string::npos) {
      return Fail("tag '@" + entry.name + "' holds a '/'", "rename the tag without '/'");
    }
    if (entry.has_dependencies) {
      return Fail("tag '@" + entry.name + "' lists dependencies", "remove the [ ... ] from it");
    }
    if (plan_.changes.empty()) {
      return Fail("tag '@" + entry.name + "' comes before any change",
                  "move it below the change it tags");
    }
    auto earlier = tag_lines_.find(entry.name);
    if (earlier != tag_lines_.end()) {
      return Fail("tag '@" + entry.name + "' duplicates its declaration on line " +
                      std::to_string(earlier->second),
                  "give the later tag another name");
    }
    tag_lines_[entry.name] = line_;
    changes_since_tag_.clear();
    plan_.changes.back().tags.push_back(entry.name);
    plan_.tags.push_back({entry.name, line_, plan_.changes.size() - 1});
    return Status::Ok();
  }

  std::string file_;
  int line_ = 0;
  SqitchPlan plan_;
  std::map<std::string, int> changes_since_tag_;  // name -> line
  std::map<std::string, int> tag_lines_;          // name -> line
};

}  // namespace

Result<SqitchPlan> ParseSqitchPlan(const std::string& text, const std::string& file) {
  return PlanParser(file).Parse(text);
}

}  // namespace rev::engine::importers
