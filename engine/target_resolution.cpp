#include "engine/target_resolution.h"

#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "revisions/join.h"

namespace rev::engine {
namespace {

constexpr size_t kMinPrefix = 4;
constexpr size_t kMaxSuggestions = 3;

// Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
// giving up (returning `limit + 1`) once it must exceed `limit`.
size_t EditDistance(std::string_view a, std::string_view b, size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

// How far `name` is from `candidate`, counting a typo in a prefix as near too.
size_t Nearness(std::string_view name, std::string_view candidate, size_t limit) {
  size_t whole = EditDistance(name, candidate, limit);
  if (candidate.size() <= name.size()) return whole;
  return std::min(whole, EditDistance(name, candidate.substr(0, name.size()), limit));
}

// How well `candidate` fits what was typed. Ids are often numbers or timestamps, where an
// edit distance of 1 joins unrelated revisions (0695 is as near 0595 as 0694): a long shared
// prefix says more. Ordered best first by operator<.
struct Fit {
  bool long_prefix;            // shares at least half of `name` (and 2+ characters) as its prefix
  size_t shared;               // length of the shared prefix
  int next_gap;                // how far apart the first differing characters are (0694 for 0695)
  size_t distance;             // Nearness, for the ids without a long shared prefix
  std::string_view candidate;  // an id or label held by the graph

  bool operator<(const Fit& other) const {
    if (long_prefix != other.long_prefix) return long_prefix;
    if (long_prefix && shared != other.shared) return shared > other.shared;
    if (long_prefix && next_gap != other.next_gap) return next_gap < other.next_gap;
    if (distance != other.distance) return distance < other.distance;
    return candidate < other.candidate;
  }
};

Fit FitOf(std::string_view name, std::string_view candidate, size_t limit) {
  size_t shared = 0;
  while (shared < name.size() && shared < candidate.size() && name[shared] == candidate[shared]) {
    ++shared;
  }
  int gap = shared < name.size() && shared < candidate.size()
                ? std::abs(static_cast<int>(name[shared]) - static_cast<int>(candidate[shared]))
                : 0;
  return {shared >= 2 && 2 * shared >= name.size(), shared, gap, Nearness(name, candidate, limit),
          candidate};
}

// Up to kMaxSuggestions ids and labels near `name`, best first: those sharing the longest
// prefix with it, then those within a small edit distance.
std::vector<std::string> NearNames(const RevisionGraph& graph, std::string_view name) {
  const size_t limit = name.size() <= 5 ? 1 : 2;
  std::vector<Fit> near;
  auto consider = [&](const std::string& candidate) {
    Fit fit = FitOf(name, candidate, limit);
    if (fit.long_prefix || fit.distance <= limit) near.push_back(fit);
  };
  for (const RevisionId& id : graph.UpgradeOrder()) {
    consider(id.str());
    for (const BranchLabel& label : graph.Get(id).branch_labels()) consider(label.str());
  }
  size_t count = std::min(near.size(), kMaxSuggestions);
  std::partial_sort(near.begin(), near.begin() + count, near.end());
  std::vector<std::string> names;
  for (size_t i = 0; i < count; ++i) names.emplace_back(near[i].candidate);
  return names;
}

Status UnknownName(const RevisionGraph& graph, std::string_view name) {
  std::string message = "no revision or branch label '" + std::string(name) + "'";
  if (name.size() < kMinPrefix) {
    RevisionIds matches = graph.MatchPrefix(name);
    if (!matches.empty()) {
      return Status::NotFound(message + "; a prefix needs at least 4 characters")
          .WithHint("revisions starting with '" + std::string(name) +
                    "': " + DescribeRevisions(graph, matches, 5));
    }
  }
  std::vector<std::string> near = NearNames(graph, name);
  if (!near.empty()) {
    return Status::NotFound(message).WithHint("did you mean " + revisions::JoinAlternatives(near) +
                                              "?");
  }
  return Status::NotFound(message).WithHint(
      "`rev history` lists every revision, `rev branches` the branch labels");
}

}  // namespace

Result<RevisionId> ResolveName(const RevisionGraph& graph, std::string_view name) {
  if (const Revision* exact = graph.Find(name)) return exact->id();
  RevisionIds matches = name.size() >= kMinPrefix ? graph.MatchPrefix(name) : RevisionIds{};
  if (const Revision* owner = graph.LabelOwner(name)) {
    // Alembic takes the label here; a name that is one revision's label and another's id
    // prefix is refused rather than guessed.
    RevisionIds others;
    for (const RevisionId& match : matches) {
      if (match != owner->id()) others.push_back(match);
    }
    if (others.empty()) return owner->id();
    return Status::Ambiguous("'" + std::string(name) + "' is the branch label of " +
                             DescribeRevisions(graph, {owner->id()}) + " and starts the id of " +
                             DescribeRevisions(graph, others))
        .WithHint("give the full id of the revision you mean");
  }
  if (matches.size() == 1) return matches.front();
  if (matches.size() > 1) {
    return Status::Ambiguous("'" + std::string(name) +
                             "' matches several revisions: " + DescribeRevisions(graph, matches))
        .WithHint("give more characters of the id");
  }
  return UnknownName(graph, name);
}

Result<RevisionId> ResolveNameOnBranch(const RevisionGraph& graph, std::string_view name,
                                       const std::string& label) {
  REV_ASSIGN_OR_RETURN(RevisionId owner, ResolveBranch(graph, label));
  Lineage lineage(graph, owner);
  auto not_on_branch = [&](const RevisionIds& found) {
    return Status::NotFound("'" + std::string(name) + "' names " + DescribeRevisions(graph, found) +
                            ", which is not on branch '" + label + "'")
        .WithHint("a branch holds the ancestors and descendants of " +
                  DescribeRevisions(graph, {owner}) + "; give the id alone to name " +
                  found.front().str());
  };
  const Revision* exact = graph.Find(name);
  if (exact == nullptr) exact = graph.LabelOwner(name);
  if (exact != nullptr) {
    if (!lineage.Contains(exact->id())) return not_on_branch({exact->id()});
    return exact->id();
  }
  if (name.size() < kMinPrefix) return UnknownName(graph, name);
  RevisionIds matches = graph.MatchPrefix(name);
  RevisionIds on_branch = lineage.Filter(matches);
  if (on_branch.size() == 1) return on_branch.front();
  if (on_branch.size() > 1) {
    return Status::Ambiguous("'" + std::string(name) + "' matches several revisions on branch '" +
                             label + "': " + DescribeRevisions(graph, on_branch))
        .WithHint("give more characters of the id");
  }
  if (!matches.empty()) return not_on_branch(matches);
  return UnknownName(graph, name);
}

Result<RevisionId> ResolveBranch(const RevisionGraph& graph, std::string_view label) {
  Result<RevisionId> resolved = ResolveName(graph, label);
  if (resolved.ok() || resolved.status().code() != StatusCode::kNotFound) return resolved;
  return Status::NotFound("no branch label or revision '" + std::string(label) + "'")
      .WithHint(resolved.status().hint());
}

Lineage::Lineage(const RevisionGraph& graph, const RevisionId& owner) {
  for (RevisionId& id : graph.Ancestors({owner}, false)) members_.insert(std::move(id));
  for (RevisionId& id : graph.Descendants({owner}, false)) members_.insert(std::move(id));
}

RevisionIds Lineage::Filter(const RevisionIds& ids) const {
  RevisionIds kept;
  for (const RevisionId& id : ids) {
    if (Contains(id)) kept.push_back(id);
  }
  return kept;
}

Result<RevisionIds> ResolveBranchHeads(const RevisionGraph& graph, const std::string& label) {
  REV_ASSIGN_OR_RETURN(RevisionId owner, ResolveBranch(graph, label));
  return Lineage(graph, owner).Filter(graph.Heads());
}

Result<RevisionIds> ResolveSingleHead(const RevisionGraph& graph,
                                      const std::optional<std::string>& label) {
  RevisionIds heads;
  if (label) {
    REV_ASSIGN_OR_RETURN(heads, ResolveBranchHeads(graph, *label));
  } else {
    heads = graph.Heads();
  }
  if (heads.size() <= 1) return heads;
  std::string labels;
  for (const RevisionId& head : heads) {
    for (const BranchLabel& carried : graph.LabelsOf(head)) {
      if (label && carried.str() == *label) continue;
      if (labels.find("`" + carried.str() + "@head`") != std::string::npos) continue;
      labels += (labels.empty() ? "" : ", ") + ("`" + carried.str() + "@head`");
    }
  }
  std::string where = label ? "branch '" + *label + "' has several heads: " : "several heads: ";
  std::string merge = label ? "`rev merge " + heads[0].str() + " " + heads[1].str() + " -m ...`"
                            : "`rev merge heads -m ...`";
  std::string choose = label ? "`" + *label + "@heads`" : "`rev upgrade heads`";
  return Status::Ambiguous(where + DescribeRevisions(graph, heads))
      .WithHint("run " + merge + ", or use " + choose + " or " +
                (labels.empty() ? std::string("`label@head`") : labels));
}

}  // namespace rev::engine
