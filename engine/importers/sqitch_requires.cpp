#include "engine/importers/sqitch_requires.h"

#include <algorithm>
#include <optional>

namespace rev::engine::importers {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// The next instance of plan.changes[index]'s name (a rework), or kNone.
size_t NextInstance(const SqitchPlan& plan, size_t index) {
  for (size_t i = index + 1; i < plan.changes.size(); ++i) {
    if (plan.changes[i].name == plan.changes[index].name) return i;
  }
  return kNone;
}

// The latest instance of `name` among plan.changes[0, end), or kNone.
size_t LatestBefore(const SqitchPlan& plan, const std::string& name, size_t end) {
  for (size_t i = end; i > 0; --i) {
    if (plan.changes[i - 1].name == name) return i - 1;
  }
  return kNone;
}

// The tag `name` when it is declared before plan.changes[index], else nullptr.
const SqitchTag* TagBefore(const SqitchPlan& plan, const std::string& name, size_t index) {
  for (const SqitchTag& tag : plan.tags) {
    if (tag.name == name && tag.change_index < index) return &tag;
  }
  return nullptr;
}

revisions::Notice Unrepresentable(const SqitchDependency& dependency, const SqitchChange& change,
                                  const std::string& file) {
  const std::string what = "change '" + change.name + "' ";
  if (dependency.conflict) {
    return {"sqitch-conflict",
            what + "conflicts with '" + dependency.text.substr(1) +
                "': rev has no conflicts, so it was left out",
            {file, change.line},
            "make sure by hand that the two are never deployed together"};
  }
  if (!dependency.id.empty()) {
    return {"sqitch-change-id",
            what + "requires change id " + dependency.id + ", which rev cannot resolve: left out",
            {file, change.line},
            "name the change instead of its id in sqitch.plan and import again"};
  }
  return {"sqitch-other-project",
          what + "requires '" + dependency.text + "' of project '" + dependency.project +
              "': rev's depends_on names revisions of this project only, so it was left out",
          {file, change.line},
          "deploy project '" + dependency.project + "' first, as Sqitch would have required"};
}

Status Unplanned(const SqitchPlan& plan, size_t index, const SqitchDependency& dependency,
                 const std::string& file) {
  const SqitchChange& change = plan.changes[index];
  const std::string what = "change '" + change.name + "' requires '" + dependency.text + "'";
  if (!dependency.tag.empty() && !TagBefore(plan, dependency.tag, index)) {
    return Status::InvalidInput(what + ", but tag @" + dependency.tag + " is not declared above it")
        .At({file, change.line})
        .WithHint("declare @" + dependency.tag + " above '" + change.name +
                  "', or require the change without the tag");
  }
  if (!dependency.tag.empty()) {
    return Status::InvalidInput(what + ", but '" + dependency.change +
                                "' is not planned before tag @" + dependency.tag)
        .At({file, change.line})
        .WithHint("require '" + dependency.change + "' without the tag");
  }
  if (dependency.change == change.name) {
    return Status::InvalidInput("change '" + change.name +
                                "' requires itself (Sqitch: a dependency cycle)")
        .At({file, change.line})
        .WithHint("remove '" + change.name + "' from its own [requires]");
  }
  size_t later = LatestBefore(plan, dependency.change, plan.changes.size());
  if (later != kNone) {
    return Status::InvalidInput(what + ", which is planned after it, on line " +
                                std::to_string(plan.changes[later].line) +
                                " (Sqitch: a dependency cycle)")
        .At({file, change.line})
        .WithHint("move '" + change.name + "' below '" + dependency.change + "' in the plan");
  }
  return Status::InvalidInput(what + ", which the plan does not have (Sqitch: unknown change)")
      .At({file, change.line})
      .WithHint("plan '" + dependency.change + "' above '" + change.name +
                "' (sqitch add), or remove it from the [requires]");
}

// The change `dependency` names, or kNone when it names none planned before `index`.
size_t Resolve(const SqitchPlan& plan, size_t index, const SqitchDependency& dependency) {
  if (dependency.tag.empty()) return LatestBefore(plan, dependency.change, index);
  const SqitchTag* tag = TagBefore(plan, dependency.tag, index);
  if (tag == nullptr) return kNone;
  if (dependency.change.empty()) return tag->change_index;
  return LatestBefore(plan, dependency.change, tag->change_index + 1);
}

}  // namespace

std::vector<std::string> SqitchKeys(const SqitchPlan& plan) {
  std::vector<std::string> keys;
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    std::string key = plan.changes[i].name;
    if (NextInstance(plan, i) != kNone) {
      // The parser saw a tag between every two instances of a name.
      auto first_tag = std::find_if(plan.tags.begin(), plan.tags.end(),
                                    [i](const SqitchTag& tag) { return tag.change_index >= i; });
      key += "@" + first_tag->name;
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

std::vector<std::string> SqitchReworkTags(const SqitchPlan& plan, size_t index) {
  std::vector<std::string> tags;
  const size_t next = NextInstance(plan, index);
  if (next == kNone) return tags;
  for (size_t i = next - 1; i > index; --i) {
    tags.insert(tags.end(), plan.changes[i].tags.begin(), plan.changes[i].tags.end());
  }
  tags.insert(tags.end(), plan.changes[index].tags.begin(), plan.changes[index].tags.end());
  return tags;
}

Result<std::vector<std::string>> ResolveSqitchRequires(const SqitchPlan& plan, size_t index,
                                                       const std::vector<std::string>& keys,
                                                       const std::string& file,
                                                       std::vector<revisions::Notice>& notices) {
  std::vector<std::string> requires_keys;
  for (const SqitchDependency& dependency : plan.changes[index].dependencies) {
    const bool other_project = !dependency.project.empty() && dependency.project != plan.project;
    if (dependency.conflict || other_project || !dependency.id.empty()) {
      notices.push_back(Unrepresentable(dependency, plan.changes[index], file));
      continue;
    }
    const size_t required = Resolve(plan, index, dependency);
    if (required == kNone) return Unplanned(plan, index, dependency, file);
    const std::string& key = keys[required];
    if (std::find(requires_keys.begin(), requires_keys.end(), key) == requires_keys.end()) {
      requires_keys.push_back(key);
    }
  }
  return requires_keys;
}

}  // namespace rev::engine::importers
