// The rev side of the differential test (alembic_diff.py): reads the questions the script
// asked Alembic, asks rev's engine the same ones on the same graphs (each loaded from its
// revisions folder as `rev` loads it), and writes the answers for the script to compare.
//
//   alembic_diff_driver REQUEST.json ANSWERS.json
//
// Besides each plan, it checks that every step's version edit is what ComputeVersionEdit
// gives for the step's rows on its own (the planner tracks rows incrementally).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "engine/merge.h"
#include "engine/planner.h"
#include "engine/version_edit.h"
#include "revisions/revision_folder.h"

namespace rev::testing {
namespace {

using engine::RevisionGraph;
using engine::RevisionIds;
using Json = nlohmann::json;

const char* CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAmbiguous:
      return "ambiguous";
    case StatusCode::kInvalidInput:
      return "invalid_input";
    case StatusCode::kConflict:
      return "conflict";
    default:
      return "other";
  }
}

Json Failure(const Status& status) {
  return {
      {"ok", false},
      {"code", CodeName(status.code())},
      {"message", status.message() + (status.hint().empty() ? "" : " [" + status.hint() + "]")}};
}

Json Names(const RevisionIds& ids) {
  Json names = Json::array();
  for (const auto& id : ids) names.push_back(id.str());
  return names;
}

RevisionIds ToIds(const Json& names) {
  RevisionIds ids;
  for (const auto& name : names) ids.push_back(*engine::RevisionId::Parse(name.get<std::string>()));
  return ids;
}

bool SameEdit(const engine::VersionEdit& a, const engine::VersionEdit& b) {
  return a.kind == b.kind && a.deletes == b.deletes && a.update_from == b.update_from &&
         a.update_to == b.update_to && a.inserts == b.inserts;
}

Json PlanAnswer(const RevisionGraph& graph, const Result<engine::Plan>& plan) {
  if (!plan.ok()) return Failure(plan.status());
  Json steps = Json::array();
  std::optional<std::string> mismatch;
  for (const engine::Step& step : plan->steps) {
    steps.push_back({{"revision", step.revision.str()},
                     {"from", Names(step.from_heads)},
                     {"to", Names(step.to_heads)},
                     {"kind", engine::VersionEditKindName(step.edit.kind)}});
    auto alone = engine::ComputeVersionEdit(graph, step.from_heads, step.revision, step.direction);
    if (!mismatch && (!alone.ok() || !SameEdit(*alone, step.edit))) {
      mismatch = "step " + step.revision.str() + ": " +
                 (alone.ok() ? std::string(engine::VersionEditKindName(alone->kind))
                             : alone.status().message());
    }
    if (!mismatch && engine::ApplyVersionEdit(step.from_heads, step.edit) != step.to_heads) {
      mismatch = "step " + step.revision.str() + ": ApplyVersionEdit gives other rows";
    }
  }
  Json value = {{"steps", steps}, {"end", Names(plan->end_heads)}};
  if (mismatch) value["edit_mismatch"] = *mismatch;
  return {{"ok", true}, {"value", value}};
}

Json Answer(const RevisionGraph& graph, const Json& query) {
  const std::string op = query.at("op");
  if (op == "heads") return {{"ok", true}, {"value", Names(graph.Heads())}};
  if (op == "merge") {
    std::vector<engine::Target> requested;
    for (const std::string& text : query.at("requested").get<std::vector<std::string>>()) {
      auto target = engine::ParseTarget(text);
      if (!target.ok()) return Failure(target.status());
      requested.push_back(std::move(target).value());
    }
    auto parents = engine::MergeParents(graph, requested);
    if (!parents.ok()) return Failure(parents.status());
    return {{"ok", true}, {"value", Names(*parents)}};
  }
  if (op == "history") {
    std::optional<engine::TargetRange> range;
    if (!query.at("range").is_null()) {
      auto parsed = engine::ParseTargetRange(query.at("range").get<std::string>());
      if (!parsed.ok()) return Failure(parsed.status());
      range = std::move(parsed).value();
    }
    auto history = engine::HistoryRange(graph, range);
    if (!history.ok()) return Failure(history.status());
    return {{"ok", true}, {"value", Names(*history)}};
  }
  auto target = engine::ParseTarget(query.at("target").get<std::string>());
  if (!target.ok()) return Failure(target.status());
  RevisionIds current = ToIds(query.at("current"));
  if (op == "upgrade") return PlanAnswer(graph, engine::PlanUpgrade(graph, current, *target));
  return PlanAnswer(graph, engine::PlanDowngrade(graph, current, *target));
}

Json AnswerCase(const Json& request) {
  auto scan = revisions::ScanRevisionFolder(request.at("folder").get<std::string>(), "revisions/");
  if (!scan.ok()) return {{"error", scan.status().ToString()}};
  if (!scan->errors.empty()) return {{"error", scan->errors.front().ToString()}};
  auto graph = RevisionGraph::Build(std::move(scan->revisions));
  if (!graph.ok()) return {{"error", graph.status().ToString()}};
  Json answers = Json::array();
  for (const Json& query : request.at("queries")) answers.push_back(Answer(*graph, query));
  return {{"answers", answers}};
}

}  // namespace
}  // namespace rev::testing

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: alembic_diff_driver REQUEST.json ANSWERS.json\n";
    return 2;
  }
  try {
    std::ifstream in(argv[1]);
    nlohmann::json request = nlohmann::json::parse(in);
    nlohmann::json answers = nlohmann::json::array();
    for (const auto& one : request) answers.push_back(rev::testing::AnswerCase(one));
    std::ofstream(argv[2]) << answers.dump();
  } catch (const std::exception& error) {
    std::cerr << "alembic_diff_driver: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
