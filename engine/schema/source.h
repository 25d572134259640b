// Where a schema comes from, parsed once from the command line:
//
//   schema     the schema file (rev.yaml's `schema:`, default schema.sql), loaded into a
//              scratch database
//   database   the project's database, read only
//   TARGET     head, base, a revision, label@head: the revisions up to it replayed into a
//              scratch database (base: an empty one)
//
// and the loading itself: every source becomes a Schema through the same introspector.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/backends/backend.h"
#include "engine/plan.h"
#include "engine/revision_graph.h"
#include "engine/schema/introspect.h"
#include "engine/schema/scratch.h"
#include "engine/target.h"

namespace rev::engine::schema {

struct SchemaSource {
  enum class Kind { kSchemaFile, kDatabase, kRevisions };
  Kind kind = Kind::kRevisions;
  Target target;  // kRevisions

  // Fails as ParseTarget for anything but `schema` and `database`, and with kInvalidInput
  // for a relative target or a range.
  static Result<SchemaSource> Parse(const std::string& text);
  std::string ToString() const;
  bool replays_revisions() const { return kind == Kind::kRevisions; }
};

// What loading needs, resolved once per command.
struct SchemaInputs {
  const RevisionGraph* graph = nullptr;  // with the sections' SQL
  std::filesystem::path schema_file;     // absolute
  std::string schema_file_shown;         // as a person should see it
  std::optional<backends::DatabaseUrl> database;
  backends::BackendOptions options;
  ScratchServer* scratch = nullptr;
};

// Loads `source` and reads it back. Fails with kInvalidInput naming schema file:line and
// the database's message when the schema file does not load, or the revision's file when
// a revision fails while replaying; as the database and the scratch server fail otherwise.
Result<Schema> LoadSchema(const SchemaSource& source, const SchemaInputs& inputs);

// The schema file's text. Fails with kInvalidInput naming it when it cannot be read.
Result<std::string> ReadSchemaFile(const SchemaInputs& inputs);

// Runs the schema file on `backend`. Fails as LoadSchema says.
Status LoadSchemaFile(backends::Backend& backend, const SchemaInputs& inputs);

// Runs the upgrades from base to `target` on `backend` (an empty scratch database), each
// transactional revision in a transaction of its own. Fails as LoadSchema says.
Status ReplayRevisions(backends::Backend& backend, const RevisionGraph& graph,
                       const Target& target);

// Runs `sql` as a step would: in one transaction of its own, or outside one when not
// `transactional`. Fails as the backend does, the database's error as it is.
Status ExecuteAsStep(backends::Backend& backend, const std::string& sql,
                     const backends::ScriptSource& source, bool transactional);

// Runs every step of `plan` (upgrades) with RunStepOnScratch.
Status RunPlanOnScratch(backends::Backend& backend, const RevisionGraph& graph, const Plan& plan);

// Runs one step's section (its upgrade or downgrade SQL) on `backend`, as ReplayRevisions
// does. Fails with kInvalidInput naming the revision's file and line.
Status RunStepOnScratch(backends::Backend& backend, const revisions::Revision& revision,
                        Direction direction);

}  // namespace rev::engine::schema
