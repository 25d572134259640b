// The SQL of a squashed revision and its proof. The upgrade builds the schema the old
// chain reaches (rendered from the replayed schema, as `rev diff --from base` would), the
// downgrade drops it; the replaced revisions' data statements are found here so that
// `rev squash` can list them and, when asked, append them.
#pragma once

#include <string>
#include <vector>

#include "engine/schema/change.h"
#include "engine/schema/introspect.h"
#include "engine/schema/scratch.h"

namespace rev::engine::schema {

// A statement of a revision's upgrade section that changes rows rather than the schema:
// INSERT, UPDATE, DELETE, MERGE, COPY, REPLACE, TRUNCATE, or a WITH that does one of them.
struct DataStatement {
  std::string revision;
  std::string path;
  int line = 0;            // in the file, where the statement starts
  std::string first_line;  // the statement's first line, trimmed
  std::string sql;         // the whole statement, its `;` included
};

// The data statements of `revision`'s upgrade section, in order; comments and string
// literals are skipped as psql skips them. REQUIRES: revision.sections_loaded().
std::vector<DataStatement> FindDataStatements(const revisions::Revision& revision);

struct SquashedSql {
  Changes upgrade;            // base → the target's schema
  std::string upgrade_sql;    // those changes rendered, then the kept data statements
  std::string downgrade_sql;  // the target's schema → base
};

// `base` is the empty schema (base replayed), `target` the old chain's at the target.
SquashedSql RenderSquashedSql(const Schema& base, const Schema& target,
                              const std::vector<DataStatement>& kept);

struct SquashProof {
  const Schema* base = nullptr;
  const Schema* target = nullptr;
  const SquashedSql* sql = nullptr;
  IntrospectOptions introspect;
  std::string path;  // the squashed revision's file-to-be, for the database's errors
};

// Runs the squashed upgrade on an empty scratch database: the schema must be the
// target's; then the downgrade: the schema must be base's. Fails with kFailed saying which
// direction and either the database's error or how many differences are left, setting
// `*left` (when not null) to those differences; as the scratch server fails otherwise.
Status ProveSquash(ScratchServer& scratch, const SquashProof& proof, Changes* left);

}  // namespace rev::engine::schema
