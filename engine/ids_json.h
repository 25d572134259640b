// Revision ids in JSON: as their text, in every document rev writes (the journal, --json
// output). With this included, a RevisionId or a RevisionIds converts to JSON directly.
// Reading ids back from JSON goes through RevisionId::TryParse, at the place that reads.
#pragma once

#include <nlohmann/json.hpp>

#include "revisions/revision_id.h"

namespace nlohmann {

template <>
struct adl_serializer<rev::revisions::RevisionId> {
  static void to_json(json& out, const rev::revisions::RevisionId& id) { out = id.str(); }
};

}  // namespace nlohmann
