// `rev create "message"`: a new revision file on the current head, as Alembic's `revision`.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "revisions/revision_file.h"

namespace rev::cli {

struct CreateOptions {
  std::string message;
  std::string rev_id;                      // --rev-id; empty: random
  std::string head;                        // --head REV|label@head|heads|base; empty: the head
  std::vector<std::string> branch_labels;  // --branch-label
  std::vector<std::string> depends_on;     // --depends-on (ids, prefixes or labels)
  bool splice = false;                     // --splice: --head may be a revision with children
  bool non_transactional = false;          // --non-transactional: `transactional: false`
  bool autogenerate = false;               // --autogenerate: the SQL from head → schema
  bool allow_destructive = false;          // --allow-destructive: with --autogenerate
  bool concurrently = false;  // --concurrently: with --autogenerate, PostgreSQL indexes only
};

void RegisterCreate(CLI::App& app, GlobalOptions* globals, Action* action);

// Prints the new file's path. Fails with kAmbiguous when there are several heads and no
// --head; with kInvalidInput when --head is not a head and --splice is missing, or for a
// taken id or label; kNotFound / kAmbiguous for --head and --depends-on as targets do.
Status RunCreate(const CreateOptions& options, Context& context);

// `rev create "msg" --autogenerate` (create_autogenerate.cpp): `revision` with an upgrade
// from head to the schema file and a downgrade back, proven on a scratch database before
// the file is written. Nothing to do: says so, writes nothing, Ok. Destructive changes
// without --allow-destructive, or a failed proof: kFailed (exit 1), nothing written. Fails
// as LoadSchema for a schema file or revision that does not load.
Status RunCreateAutogenerate(const CreateOptions& options, Context& context,
                             revisions::NewRevision revision);

}  // namespace rev::cli
