#include "cli/new_revision.h"

#include <algorithm>
#include <chrono>

#include "cli/file_writer.h"
#include "cli/revision_view.h"
#include "revisions/naming.h"

namespace rev::cli {

using revisions::BranchLabel;
using revisions::RevisionId;

Result<RevisionId> ChooseRevisionId(const engine::RevisionGraph& graph,
                                    const std::string& requested) {
  if (requested.empty()) {
    RevisionId id = revisions::NewRevisionId();
    while (graph.Contains(id)) id = revisions::NewRevisionId();
    return id;
  }
  auto id = RevisionId::Parse(requested);
  if (!id.ok()) return Status(id.status()).WithHint("--rev-id takes 1-64 of [A-Za-z0-9_]");
  if (const revisions::Revision* existing = graph.Find(requested)) {
    return Status::InvalidInput("revision id " + requested + " is already used by " +
                                existing->path())
        .WithHint("choose another --rev-id, or leave it out for a random one");
  }
  return id;
}

Result<std::vector<BranchLabel>> NewBranchLabels(const engine::RevisionGraph& graph,
                                                 const std::vector<std::string>& labels) {
  std::vector<BranchLabel> parsed;
  for (const std::string& text : labels) {
    auto label = BranchLabel::Parse(text);
    if (!label.ok()) {
      return Status(label.status())
          .WithHint(
              "--branch-label takes 1-64 of letters, digits, '_', '.' and '-', not head, heads, "
              "base or current (e.g. --branch-label billing)");
    }
    if (const revisions::Revision* owner = graph.LabelOwner(text)) {
      return Status::InvalidInput("branch label '" + text + "' is already declared by " +
                                  owner->path())
          .WithHint("a branch label names one branch; choose another name");
    }
    if (const revisions::Revision* same = graph.Find(text)) {
      return Status::InvalidInput("branch label '" + text + "' is the id of revision " +
                                  same->path())
          .WithHint("choose a label that is not a revision id");
    }
    if (std::find(parsed.begin(), parsed.end(), *label) == parsed.end()) parsed.push_back(*label);
  }
  return parsed;
}

Result<std::filesystem::path> NewRevisionPath(Context& context,
                                              const revisions::NewRevision& revision,
                                              std::chrono::system_clock::time_point when) {
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  auto name =
      revisions::RevisionFileName(config->file_template, revision.id, revision.message, when);
  // The template is wrong, not the revision: point at the rev.yaml line that sets it.
  if (!name.ok() && !name.status().location() && config->file_template_line > 0) {
    return Status(name.status())
        .At({context.DisplayPath(config->file), config->file_template_line, 0});
  }
  if (!name.ok()) return name.status();
  return config->revisions_dir() / *name;
}

Result<std::string> WriteRevisionFile(Context& context, revisions::NewRevision* revision) {
  auto now = std::chrono::system_clock::now();
  revision->created_at = revisions::FormatUtcTimestamp(now);
  REV_ASSIGN_OR_RETURN(std::filesystem::path file, NewRevisionPath(context, *revision, now));
  std::string shown = context.DisplayPath(file);
  REV_RETURN_IF_ERROR(WriteNewFile(file, shown, revisions::RenderRevisionFile(*revision)));
  return shown;
}

Status WriteRevision(Context& context, revisions::NewRevision revision) {
  REV_ASSIGN_OR_RETURN(std::string shown, WriteRevisionFile(context, &revision));
  if (context.out().json()) {
    nlohmann::json parents = nlohmann::json::array();
    for (const auto& id : revision.down_revisions) parents.push_back(id.str());
    context.out().Document(
        {{"revision", revision.id.str()}, {"path", shown}, {"down_revision", parents}});
  } else {
    context.out().Print(shown);
  }
  return Status::Ok();
}

}  // namespace rev::cli
