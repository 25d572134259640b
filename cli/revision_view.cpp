#include "cli/revision_view.h"

#include <algorithm>

#include "engine/ids_json.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

using revisions::Revision;

}  // namespace

std::string RevisionView::Dependencies(const Revision& revision) const {
  const engine::RevisionIds& resolved = graph_.Dependencies(revision.id());
  std::string text;
  const auto& written = revision.depends_on();
  for (size_t i = 0; i < written.size(); ++i) {
    text += (i == 0 ? "" : ", ") + written[i].str();
    // A branch label names the revision declaring it: say which.
    if (const revisions::Revision* owner = graph_.LabelOwner(written[i].str());
        owner != nullptr && graph_.Find(written[i].str()) == nullptr &&
        std::find(resolved.begin(), resolved.end(), owner->id()) != resolved.end()) {
      text += " (" + owner->id().str() + ")";
    }
  }
  return text;
}

RevisionView::RevisionView(const engine::RevisionGraph& graph) : graph_(graph) {
  for (const auto& id : graph.Heads()) heads_.insert(id.str());
}

bool RevisionView::IsHead(const Revision& revision) const {
  return heads_.count(revision.id().str()) != 0;
}

std::string RevisionView::Line(const Revision& revision, LineParts parts) const {
  std::string text = revision.id().str();
  if (parts.parents) {
    std::string down = revision.is_base() ? "<base>" : revisions::Join(revision.down_revisions());
    if (!revision.depends_on().empty()) down += " (" + Dependencies(revision) + ")";
    text = down + " -> " + text;
  }
  auto labels = graph_.LabelsOf(revision.id());
  if (!labels.empty()) text += " (" + revisions::Join(labels) + ")";
  if (IsHead(revision)) text += " (head)";
  if (parts.tree && graph_.IsBranchPoint(revision.id())) text += " (branchpoint)";
  if (parts.tree && graph_.IsMergePoint(revision.id())) text += " (mergepoint)";
  if (parts.message) text += ", " + revision.message();
  return text;
}

std::string RevisionView::Block(const Revision& revision) const {
  const engine::RevisionId& id = revision.id();
  std::string text = "Rev: " + id.str() + (IsHead(revision) ? " (head)" : "") +
                     (graph_.IsBranchPoint(id) ? " (branchpoint)" : "") +
                     (graph_.IsMergePoint(id) ? " (mergepoint)" : "") + "\n";
  std::string down = revision.is_base() ? "<base>" : revisions::Join(revision.down_revisions());
  text += (revision.is_merge() ? "Merges: " : "Parent: ") + down + "\n";
  if (!revision.depends_on().empty()) {
    text += "Also depends on: " + Dependencies(revision) + "\n";
  }
  if (graph_.IsBranchPoint(id))
    text += "Branches into: " + revisions::Join(graph_.Children(id)) + "\n";
  auto labels = graph_.LabelsOf(id);
  if (!labels.empty()) text += "Branch names: " + revisions::Join(labels) + "\n";
  if (!revision.created_at().empty()) text += "Created at: " + revision.created_at() + "\n";
  if (!revision.transactional()) text += "Transactional: false\n";
  if (revision.upgrade_run()) text += "Upgrade runs: " + revision.upgrade_run()->Text() + "\n";
  if (revision.downgrade_run()) {
    text += "Downgrade runs: " + revision.downgrade_run()->Text() + "\n";
  }
  text += "Path: " + revision.path() + "\n\n    " + revision.message() + "\n";
  return text;
}

nlohmann::json RevisionView::Json(const Revision& revision) const {
  const engine::RevisionId& id = revision.id();
  nlohmann::json labels = nlohmann::json::array();
  for (const auto& label : graph_.LabelsOf(id)) labels.push_back(label.str());
  nlohmann::json json = {{"revision", id.str()},
                         {"down_revision", revision.down_revisions()},
                         {"message", revision.message()},
                         {"branch_labels", labels},
                         {"depends_on", graph_.Dependencies(id)},
                         {"is_head", IsHead(revision)},
                         {"is_merge", revision.is_merge()},
                         {"is_base", revision.is_base()},
                         {"is_branch_point", graph_.IsBranchPoint(id)},
                         {"created_at", revision.created_at()},
                         {"transactional", revision.transactional()},
                         {"path", revision.path()}};
  // Only a revision that runs a program says so: every other document stays as it was.
  if (revision.upgrade_run()) json["upgrade_run"] = revision.upgrade_run()->argv;
  if (revision.downgrade_run()) json["downgrade_run"] = revision.downgrade_run()->argv;
  return json;
}

nlohmann::json RevisionView::JsonList(const engine::RevisionIds& ids) const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& id : ids) list.push_back(Json(graph_.Get(id)));
  return {{"revisions", list}};
}

}  // namespace rev::cli
