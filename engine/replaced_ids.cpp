#include "engine/replaced_ids.h"

#include <algorithm>

namespace rev::engine {
namespace {

using revisions::Revision;

Status ReplacedAt(const Revision& squashed, std::string message, std::string hint) {
  return Status::InvalidInput(std::move(message))
      .At({squashed.path(), squashed.lines().replaces, 0})
      .WithHint(std::move(hint));
}

// `names` with each replaced id swapped for its squashed revision's id; true when any was.
template <typename Name>
bool Rename(std::vector<Name>* names, const std::vector<Revision>& revisions,
            const ReplacedOwners& owners) {
  bool renamed = false;
  std::vector<Name> result;
  for (const Name& name : *names) {
    Name meant = name;
    if (auto it = owners.find(name.str()); it != owners.end()) {
      meant = *Name::TryParse(revisions[it->second].id().str());
      renamed = true;
    }
    if (std::find(result.begin(), result.end(), meant) == result.end()) result.push_back(meant);
  }
  if (renamed) *names = std::move(result);
  return renamed;
}

}  // namespace

ReplacedOwners FindReplacedOwners(const std::vector<Revision>& revisions) {
  ReplacedOwners owners;
  for (uint32_t i = 0; i < revisions.size(); ++i) {
    for (const auto& id : revisions[i].replaces()) owners.emplace(id.str(), i);
  }
  return owners;
}

Status CheckReplacedIds(const std::vector<Revision>& revisions, const ReplacedOwners& owners) {
  if (owners.empty()) return Status::Ok();
  for (uint32_t i = 0; i < revisions.size(); ++i) {
    const Revision& revision = revisions[i];
    if (auto it = owners.find(revision.id().str()); it != owners.end()) {
      const Revision& squashed = revisions[it->second];
      return ReplacedAt(squashed,
                        "revision " + revision.id().str() + " (" + revision.path() +
                            ") is replaced by " + squashed.id().str() + ", yet its file is here",
                        "a squash removes the files it replaces: delete " + revision.path());
    }
    for (const auto& id : revision.replaces()) {
      const Revision& first = revisions[owners.at(id.str())];
      if (&first == &revision) continue;
      return ReplacedAt(revision,
                        "revision " + id.str() + " is replaced by both " + first.id().str() + " (" +
                            first.path() + ") and " + revision.id().str(),
                        "keep one squashed revision for each stretch of history");
    }
  }
  return Status::Ok();
}

void NameSquashedRevisions(std::vector<Revision>* revisions, const ReplacedOwners& owners) {
  if (owners.empty()) return;
  for (Revision& revision : *revisions) {
    auto down = revision.down_revisions();
    auto depends_on = revision.depends_on();
    bool renamed = Rename(&down, *revisions, owners);
    renamed = Rename(&depends_on, *revisions, owners) || renamed;
    if (renamed) revision = revision.WithReferences(std::move(down), std::move(depends_on));
  }
}

}  // namespace rev::engine
