#include "engine/relative_targets.h"

#include <algorithm>
#include <unordered_set>

#include "engine/head_tracker.h"
#include "engine/target_resolution.h"

namespace rev::engine {
namespace {

using MaybeRevision = std::optional<RevisionId>;  // nullopt: base

std::string Name(const MaybeRevision& revision) { return revision ? revision->str() : "base"; }

// Alembic's _walk: |steps| moves up (children by down_revision, kept to `branch` when
// given) or down (down_revisions; a base steps down to base). With `clamp`, a walk up past
// the end stops there (Alembic's history); otherwise it is an error. `target` names the
// whole request in messages.
Result<MaybeRevision> Walk(const RevisionGraph& graph, MaybeRevision start, int steps,
                           const Lineage* branch, const std::string& target, bool clamp = false) {
  const int count = steps < 0 ? -steps : steps;
  bool at_base = !start.has_value();
  for (int done = 0; done < count; ++done) {
    RevisionIds next;
    if (steps > 0) {
      next = start ? graph.Children(*start) : graph.Bases();
      if (branch != nullptr) next = branch->Filter(next);
    } else if (!at_base) {
      next = graph.Parents(*start);
    }
    if (steps < 0 && !at_base && next.empty()) {
      start.reset();
      at_base = true;
      continue;
    }
    if (next.empty() && clamp && steps > 0) return start;
    if (next.empty()) {
      return Status::InvalidInput("'" + target + "' goes " +
                                  (steps > 0 ? "past the last" : "below") + " revision: from " +
                                  Name(start) + " only " + std::to_string(done) + " of " +
                                  std::to_string(count) + " steps exist");
    }
    if (next.size() > 1) {
      std::string where =
          steps > 0 ? Name(start) + " is a branch point" : Name(start) + " is a merge point";
      return Status::Ambiguous("'" + target + "' is ambiguous: " + where + " of " +
                               DescribeRevisions(graph, next))
          .WithHint(steps > 0 ? "name the revision, or use label@+N to follow one branch"
                              : "name the revision to go to, e.g. `" + next.front().str() + "`");
    }
    start = next.front();
    at_base = false;
  }
  return start;
}

Status SeveralHeads(const RevisionGraph& graph, const RevisionIds& heads, const std::string& text) {
  return Status::Ambiguous("'" + text + "' is ambiguous from several current heads: " +
                           DescribeRevisions(graph, heads))
      .WithHint("use label@" + text.substr(text.find_first_of("+-")) + " or REV" +
                text.substr(text.find_first_of("+-")) + " to say which branch");
}

// The revisions of `members` that no other member names as a normalized down revision.
RevisionIds Tips(const RevisionGraph& graph, const RevisionIds& members) {
  std::unordered_set<RevisionId> below;
  OldestDependents oldest(graph);
  for (const RevisionId& member : members) {
    for (const RevisionId& down : graph.Parents(member)) below.insert(down);
    for (const RevisionId& down : OwnDependencies(graph, member, oldest)) below.insert(down);
  }
  RevisionIds tips;
  for (const RevisionId& member : members) {
    if (below.count(member) == 0) tips.push_back(member);
  }
  return tips;
}

// Where `+N` starts from: the current head, or on a branch the current head of it (or the
// tips of what is applied of it, or base).
Result<MaybeRevision> UpgradeStart(const RevisionGraph& graph, const RevisionIds& current,
                                   const Lineage* branch, const std::string& text) {
  RevisionIds start = current;
  if (branch != nullptr) {
    start = branch->Filter(current);
    if (start.empty()) start = Tips(graph, branch->Filter(graph.Ancestors(current)));
  }
  if (start.size() > 1) return SeveralHeads(graph, start, text);
  if (start.empty()) return MaybeRevision();
  return MaybeRevision(start.front());
}

// Where `label@-N` starts when no current head is on the branch (Alembic's
// _get_all_current): the branch heads, by down_revision, of everything applied, kept to
// the branch.
RevisionIds AppliedTips(const RevisionGraph& graph, const RevisionIds& current,
                        const Lineage& branch) {
  RevisionIds applied = graph.Ancestors(current);
  std::unordered_set<RevisionId> members(applied.begin(), applied.end());
  RevisionIds tips;
  for (const RevisionId& id : applied) {
    RevisionIds children = graph.Children(id);
    bool covered = std::any_of(children.begin(), children.end(),
                               [&](const RevisionId& child) { return members.count(child) != 0; });
    if (!covered) tips.push_back(id);
  }
  return branch.Filter(tips);
}

Result<RevisionId> DowngradeStart(const RevisionGraph& graph, const RevisionIds& current,
                                  const std::optional<std::string>& label,
                                  const std::string& text) {
  if (current.empty()) {
    return Status::InvalidInput("'" + text +
                                "' has nothing to go down from: no revision is applied");
  }
  if (!label) {
    if (current.size() > 1) return SeveralHeads(graph, current, text);
    return current.front();
  }
  REV_ASSIGN_OR_RETURN(RevisionId owner, ResolveBranch(graph, *label));
  Lineage lineage(graph, owner);
  RevisionIds start = lineage.Filter(current);
  if (start.empty()) start = AppliedTips(graph, current, lineage);
  if (start.empty()) {
    return Status::InvalidInput("'" + text + "': no applied head is on branch '" + *label + "'")
        .WithHint("`rev current` shows the applied heads; name the revision to go to");
  }
  if (start.size() > 1) return SeveralHeads(graph, start, text);
  return start.front();
}

}  // namespace

Result<std::optional<RevisionId>> ResolveAnchor(const RevisionGraph& graph,
                                                const std::optional<std::string>& label,
                                                const Anchor& anchor) {
  Target target = NamedTarget{};
  if (const auto* keyword = std::get_if<Keyword>(&anchor)) {
    target = KeywordTarget{*keyword, label};
  } else {
    target = NamedTarget{std::get<std::string>(anchor), label};
  }
  REV_ASSIGN_OR_RETURN(RevisionIds resolved, ResolveTarget(graph, target));
  if (resolved.empty()) return MaybeRevision();
  if (resolved.size() > 1) {
    return Status::Ambiguous("'" + TargetToString(target) +
                             "' names several revisions: " + DescribeRevisions(graph, resolved))
        .WithHint("name one revision to count from");
  }
  return MaybeRevision(resolved.front());
}

Result<RevisionIds> ResolveUpgradeRelative(const RevisionGraph& graph,
                                           const RevisionIds& current_heads,
                                           const RelativeTarget& target, bool clamp) {
  const std::string text = TargetToString(target);
  std::optional<Lineage> lineage;
  if (target.label) {
    REV_ASSIGN_OR_RETURN(RevisionId owner, ResolveBranch(graph, *target.label));
    lineage.emplace(graph, owner);
  }
  MaybeRevision start;
  if (target.delta < 0) {
    if (!target.anchor) {
      return Status::InvalidInput("'" + text + "' goes down; an upgrade goes up")
          .WithHint("use `rev downgrade " + text + "`");
    }
    REV_ASSIGN_OR_RETURN(start, ResolveAnchor(graph, target.label, *target.anchor));
    REV_ASSIGN_OR_RETURN(MaybeRevision end, Walk(graph, start, target.delta, nullptr, text, clamp));
    return end ? RevisionIds{*end} : RevisionIds{};
  }
  if (target.anchor) {
    REV_ASSIGN_OR_RETURN(start, ResolveAnchor(graph, std::nullopt, *target.anchor));
  } else {
    REV_ASSIGN_OR_RETURN(start,
                         UpgradeStart(graph, current_heads, lineage ? &*lineage : nullptr, text));
  }
  REV_ASSIGN_OR_RETURN(MaybeRevision end, Walk(graph, start, target.delta,
                                               lineage ? &*lineage : nullptr, text, clamp));
  return end ? RevisionIds{*end} : RevisionIds{};
}

Result<DowngradeDestination> ResolveDowngradeRelative(const RevisionGraph& graph,
                                                      const RevisionIds& current_heads,
                                                      const RelativeTarget& target) {
  const std::string text = TargetToString(target);
  DowngradeDestination destination;
  destination.branch = target.label;
  if (target.delta > 0) {
    if (!target.anchor) {
      return Status::InvalidInput("'" + text + "' goes up; a downgrade goes down")
          .WithHint("use `rev upgrade " + text + "`");
    }
    std::optional<Lineage> lineage;
    if (target.label) {
      REV_ASSIGN_OR_RETURN(RevisionId owner, ResolveBranch(graph, *target.label));
      lineage.emplace(graph, owner);
    }
    REV_ASSIGN_OR_RETURN(MaybeRevision start, ResolveAnchor(graph, std::nullopt, *target.anchor));
    REV_ASSIGN_OR_RETURN(destination.revision,
                         Walk(graph, start, target.delta, lineage ? &*lineage : nullptr, text));
    return destination;
  }
  MaybeRevision start;
  if (target.anchor) {
    REV_ASSIGN_OR_RETURN(start, ResolveAnchor(graph, target.label, *target.anchor));
  } else {
    REV_ASSIGN_OR_RETURN(RevisionId from, DowngradeStart(graph, current_heads, target.label, text));
    // As Alembic does, `-N` without a label removes only the branch it walks down.
    if (!target.label) destination.branch = from.str();
    start = from;
  }
  REV_ASSIGN_OR_RETURN(destination.revision, Walk(graph, start, target.delta, nullptr, text));
  return destination;
}

Result<RevisionIds> WalkDownFromHeads(const RevisionGraph& graph, const RelativeTarget& target) {
  const std::string text = TargetToString(target);
  // As Alembic's get_revisions("-N"): the heads nothing depends on, or on a branch those
  // carrying its label.
  RevisionIds heads;
  for (const RevisionId& head : graph.Heads()) {
    if (!graph.Dependents(head).empty()) continue;
    if (target.label) {
      auto labels = graph.LabelsOf(head);
      bool carries = std::any_of(labels.begin(), labels.end(), [&](const BranchLabel& label) {
        return label.str() == *target.label;
      });
      if (!carries) continue;
    }
    heads.push_back(head);
  }
  RevisionIds reached;
  for (const RevisionId& head : heads) {
    REV_ASSIGN_OR_RETURN(MaybeRevision end, Walk(graph, head, target.delta, nullptr, text));
    if (!end) {
      return Status::InvalidInput("'" + text + "' reaches base on the line of " + head.str())
          .WithHint("start the range at base, or at a revision");
    }
    if (std::find(reached.begin(), reached.end(), *end) == reached.end()) {
      reached.push_back(*end);
    }
  }
  return graph.InUpgradeOrder(reached);
}

}  // namespace rev::engine
