// Proof: a generated migration is run, both ways, on a scratch database before anyone
// sees it. At head (the revisions replayed), with sample rows in every table, the upgrade
// must leave exactly the desired schema, and the downgrade exactly head again; the rows
// must survive both directions in every table and column the upgrade does not drop (or
// change the type of: the values then print differently, which is not a loss).
#pragma once

#include <functional>
#include <string>

#include "engine/schema/change.h"
#include "engine/schema/introspect.h"
#include "engine/schema/scratch.h"

namespace rev::engine::schema {

struct ProofRequest {
  const Schema* head = nullptr;      // what the upgrade starts from
  const Schema* desired = nullptr;   // what it must make
  const Changes* changes = nullptr;  // the upgrade's changes: what it drops and renames
  std::string upgrade_sql;
  std::string downgrade_sql;
  bool transactional = true;  // run each direction in one transaction, as the migrator will
  // Brings an empty scratch database to head.
  std::function<Status(backends::Backend&)> build_head;
  IntrospectOptions introspect;
};

// Ok when the migration is proven. Fails with kFailed saying which direction failed and
// how: the database's error, the difference left ("after the upgrade, still to do: ..."),
// or the rows lost; as build_head and the scratch server fail otherwise.
Status Prove(ScratchServer& scratch, const ProofRequest& request);

}  // namespace rev::engine::schema
