#include "cli/fleet/status_read.h"

#include <algorithm>
#include <chrono>

#include "engine/operations/database_state.h"
#include "engine/planner.h"

namespace rev::cli {
namespace {

using engine::operations::DatabaseState;

Status Read(const FleetTarget& target, const revisions::ProjectConfig& config,
            engine::operations::SettingsRequest request, const engine::RevisionGraph& graph,
            TargetOutcome* outcome) {
  request.database = target.text;
  REV_ASSIGN_OR_RETURN(engine::operations::Settings settings,
                       engine::operations::ResolveSettings(config, request));
  REV_ASSIGN_OR_RETURN(std::unique_ptr<engine::backends::Backend> backend,
                       engine::backends::OpenBackend(*settings.database, settings.backend,
                                                     /*create=*/false));
  REV_ASSIGN_OR_RETURN(DatabaseState state, engine::operations::ReadDatabaseState(*backend, graph));
  engine::RevisionIds heads = graph.Heads();
  std::sort(heads.begin(), heads.end());
  for (const revisions::RevisionId& id : state.heads) outcome->from.push_back(id.str());
  for (const revisions::RevisionId& id : heads) outcome->to.push_back(id.str());
  engine::RevisionIds unknown = engine::operations::UnknownHeads(state.heads, graph);
  size_t drift = engine::operations::FindDrift(state, graph).size();
  if (unknown.empty()) {
    REV_ASSIGN_OR_RETURN(engine::Plan pending,
                         engine::PlanUpgrade(graph, state.heads,
                                             engine::KeywordTarget{engine::Keyword::kHeads, {}}));
    outcome->steps = pending.steps.size();
  }
  if (state.dirty) {
    outcome->state = TargetState::kDirty;
    outcome->error = state.dirty->error.empty()
                         ? "the " + state.dirty->direction + " of " + state.dirty->revision +
                               " (transactional: false) never finished"
                         : state.dirty->error.substr(0, state.dirty->error.find('\n'));
  } else if (outcome->steps == 0 && unknown.empty() && drift == 0) {
    outcome->state = TargetState::kUpToDate;
  } else {
    outcome->state = TargetState::kPending;
    if (drift > 0) outcome->error = std::to_string(drift) + " applied revision(s) changed since";
    if (!unknown.empty()) {
      outcome->error = std::to_string(unknown.size()) + " head(s) the folder does not know";
    }
  }
  return Status::Ok();
}

}  // namespace

TargetOutcome ReadTargetStatus(const FleetTarget& target, const revisions::ProjectConfig& config,
                               const engine::operations::SettingsRequest& request,
                               const engine::RevisionGraph& graph) {
  auto start = std::chrono::steady_clock::now();
  TargetOutcome outcome;
  outcome.target = target.name();
  Status read = Read(target, config, request, graph, &outcome);
  if (!read.ok()) {
    outcome.state = TargetState::kFailed;
    std::string message = read.ToString();
    outcome.error = target.url.RedactMessage(message.substr(0, message.find('\n')));
  }
  outcome.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return outcome;
}

}  // namespace rev::cli
