// The database rules of `rev validate --db`: what the database says about the folder. Each
// appends what it finds; ValidateDatabase runs them all. They read the state the caller
// read (engine/operations/database_state.h) and the folder's scan, never the database itself, and
// work without a graph (a folder with a cycle still has its drift reported).
//
// Codes (stable, for JSON and scripts):
//   applied-file-changed   error    an applied revision's file changed since it was applied
//   applied-file-missing   error    an applied revision has no file in the folder
//   unknown-database-head  error    the database is at a revision the folder does not know
//   dirty-step             error    a non-transactional step started and never finished
//   step-in-progress       warning  the same, while another rev holds the migration lock
//   last-step-failed       warning  the newest step rev tried failed or was rolled back
#pragma once

#include <string>

#include "engine/operations/database_state.h"
#include "validators/finding.h"
#include "validators/folder_facts.h"

namespace rev::validators {

struct DatabaseFacts {
  engine::operations::DatabaseState state;
  bool lock_held = false;  // another rev is running now: a `started` step is in progress
  std::string where;       // the database URL, redacted, for messages
};

// Every database rule; findings appended unsorted.
void ValidateDatabase(const FolderFacts& folder, const DatabaseFacts& database, Findings* findings);

// applied-file-changed, applied-file-missing.
void CheckAppliedFiles(const FolderFacts& folder, const DatabaseFacts& database,
                       Findings* findings);
// unknown-database-head.
void CheckDatabaseHeads(const FolderFacts& folder, const DatabaseFacts& database,
                        Findings* findings);
// dirty-step, step-in-progress, last-step-failed.
void CheckStepState(const FolderFacts& folder, const DatabaseFacts& database, Findings* findings);

// The revision of the folder with this id (the first, for a duplicated id), or nullptr.
const revisions::Revision* FindInFolder(const FolderFacts& folder, const std::string& id);

}  // namespace rev::validators
