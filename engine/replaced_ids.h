// Squashed revisions and the ids they replace (`replaces:` in a header, written by
// `rev squash`). The files of the replaced revisions are gone, but the files of the
// revisions after them are never rewritten (databases hold their checksums), so a
// down_revision or depends_on naming a replaced id means the squashed revision.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "revisions/result.h"
#include "revisions/revision.h"

namespace rev::engine {

// Replaced id → position in `revisions` of the squashed revision replacing it (the first,
// should two claim it). Empty when nothing was squashed, as in most folders.
using ReplacedOwners = std::unordered_map<std::string, uint32_t>;
ReplacedOwners FindReplacedOwners(const std::vector<revisions::Revision>& revisions);

// Fails with kInvalidInput, at the `replaces:` line, when an id is replaced by two
// revisions or is replaced and still the id of a revision (its file was brought back).
Status CheckReplacedIds(const std::vector<revisions::Revision>& revisions,
                        const ReplacedOwners& owners);

// Each revision whose down_revision or depends_on names a replaced id, rewritten to name
// the squashed revision instead (a name given twice that way kept once). Revisions that
// name no replaced id are left untouched. REQUIRES: `owners` is of `*revisions`.
void NameSquashedRevisions(std::vector<revisions::Revision>* revisions,
                           const ReplacedOwners& owners);

}  // namespace rev::engine
