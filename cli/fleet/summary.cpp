#include "cli/fleet/summary.h"

#include <algorithm>
#include <map>

#include "cli/fleet/report.h"
#include "cli/progress.h"
#include "revisions/capped_list.h"

namespace rev::cli {
namespace {

// Done rows shown before the rest are counted (problems are always shown).
constexpr size_t kWellRowsShown = 20;

std::string HeadsText(const std::vector<std::string>& heads) {
  if (heads.empty()) return "<base>";
  std::string text;
  for (const std::string& head : heads) text += (text.empty() ? "" : ",") + head;
  return text;
}

std::string Padded(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string RevisionsText(const TargetOutcome& outcome, bool status) {
  if (outcome.state == TargetState::kNotRun) return "";
  std::string text = HeadsText(outcome.from) + " -> " + HeadsText(outcome.to);
  if (outcome.steps > 0) {
    text += " (" + std::to_string(outcome.steps) + (status ? " pending)" : " applied)");
  }
  return text;
}

void PrintTable(Output& out, const FleetSummary& summary) {
  const bool status = summary.command == "status";
  size_t target_width = 6;
  size_t revisions_width = 9;
  for (const TargetOutcome& outcome : summary.outcomes) {
    target_width = std::max(target_width, outcome.target.size());
    revisions_width = std::max(revisions_width, RevisionsText(outcome, status).size());
  }
  out.Print(Padded("TARGET", target_width) + "  " + Padded("STATE", 11) + "  " +
            Padded("REVISIONS", revisions_width) + "  " + Padded("TIME", 8) + "  ERROR");
  size_t well_shown = 0;
  size_t well_hidden = 0;
  for (const TargetOutcome& outcome : summary.outcomes) {
    bool problem = IsProblem(outcome.state) || outcome.state == TargetState::kNotRun;
    if (!problem && !out.verbose() && well_shown >= kWellRowsShown) {
      ++well_hidden;
      continue;
    }
    if (!problem) ++well_shown;
    std::string time =
        outcome.state == TargetState::kNotRun ? "" : FormatDuration(outcome.duration);
    std::string line = Padded(outcome.target, target_width) + "  " +
                       Padded(TargetStateName(outcome.state), 11) + "  " +
                       Padded(RevisionsText(outcome, status), revisions_width) + "  " +
                       Padded(time, 8) + "  " + outcome.error;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.Print(line);
  }
  if (well_hidden > 0) {
    out.Print("… and " + std::to_string(well_hidden) + " more without a problem (" +
              (summary.report.empty() ? std::string("-v") : summary.report_shown) +
              " lists them all)");
  }
}

std::map<std::string, size_t> Counts(const std::vector<TargetOutcome>& outcomes) {
  std::map<std::string, size_t> counts;
  for (const TargetOutcome& outcome : outcomes) ++counts[TargetStateName(outcome.state)];
  return counts;
}

std::string CountsText(const std::map<std::string, size_t>& counts) {
  std::string text;
  for (const auto& [state, count] : counts) {
    text += (text.empty() ? "" : ", ") + std::to_string(count) + " " + state;
  }
  return text;
}

// "a, b and 3 more": the targets in `state`, for the closing error.
std::string Named(const std::vector<TargetOutcome>& outcomes, TargetState state, size_t* count) {
  std::vector<std::string> names;
  for (const TargetOutcome& outcome : outcomes) {
    if (outcome.state == state) names.push_back(outcome.target);
  }
  *count = names.size();
  std::string text;
  for (size_t i = 0; i < names.size() && i < revisions::kCappedListShown; ++i) {
    text += (i == 0 ? "" : ", ") + names[i];
  }
  if (names.size() > revisions::kCappedListShown) {
    text += " and " + std::to_string(names.size() - revisions::kCappedListShown) + " more";
  }
  return text;
}

Status Ending(const FleetSummary& summary) {
  const std::vector<TargetOutcome>& outcomes = summary.outcomes;
  std::string total = std::to_string(outcomes.size());
  std::string resume = summary.report.empty()
                           ? std::string("see the table above")
                           : "fix them, then `rev fleet " + summary.command + " " + summary.target +
                                 " --resume " + summary.report_shown +
                                 "` (with the same targets) runs what is left";
  size_t count = 0;
  for (TargetState state : {TargetState::kFailed, TargetState::kDirty}) {
    std::string names = Named(outcomes, state, &count);
    if (count > 0) {
      return Status::Failed(std::to_string(count) + " of " + total + " targets " +
                            (state == TargetState::kFailed ? "failed" : "are dirty") + ": " + names)
          .WithHint(resume);
    }
  }
  std::string names = Named(outcomes, TargetState::kLocked, &count);
  if (count > 0) {
    return Status::LockTimeout(std::to_string(count) + " of " + total +
                               " targets were locked by another rev: " + names)
        .WithHint(resume);
  }
  names = Named(outcomes, TargetState::kInterrupted, &count);
  if (count > 0) return Status::Interrupted("the fleet was interrupted").WithHint(resume);
  names = Named(outcomes, TargetState::kPending, &count);
  if (count > 0 && summary.exit_code_when_pending) {
    return Status::Failed(std::to_string(count) + " of " + total +
                          " targets are not up to date: " + names)
        .WithHint("`rev fleet upgrade` applies what is pending");
  }
  return Status::Ok();
}

}  // namespace

bool IsProblem(TargetState state) {
  return state == TargetState::kFailed || state == TargetState::kLocked ||
         state == TargetState::kInterrupted || state == TargetState::kDirty;
}

Status PrintFleetSummary(Output& out, const FleetSummary& summary) {
  std::map<std::string, size_t> counts = Counts(summary.outcomes);
  if (out.json()) {
    nlohmann::json targets = nlohmann::json::array();
    for (const TargetOutcome& outcome : summary.outcomes) targets.push_back(OutcomeJson(outcome));
    out.Document(
        {{"command", summary.command},
         {"target", summary.target.empty() ? nlohmann::json() : nlohmann::json(summary.target)},
         {"report",
          summary.report.empty() ? nlohmann::json() : nlohmann::json(summary.report.string())},
         {"counts", counts},
         {"targets", targets}});
  } else {
    PrintTable(out, summary);
    out.Note("Fleet " + summary.command + ": " + CountsText(counts) + " in " +
             FormatDuration(summary.duration) +
             (summary.report.empty() ? "" : "; report " + summary.report_shown) + ".");
  }
  return Ending(summary);
}

}  // namespace rev::cli
