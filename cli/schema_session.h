// What the schema commands (diff, schema, create --autogenerate) share: the scratch
// databases of the project's kind, the inputs a schema source is loaded from, and Ctrl-C,
// which stops what runs on a scratch database so that it is dropped on the way out.
//
// The project's kind is its database URL's; without one, the dev database's; else SQLite.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/context.h"
#include "cli/signal_watcher.h"
#include "engine/schema/diff.h"
#include "engine/schema/scratch.h"
#include "engine/schema/source.h"

namespace rev::cli {

class SchemaSession {
 public:
  // Fails as Context::Settings, and as Context::Graph when `revisions` (a source replays
  // revisions).
  static Result<std::unique_ptr<SchemaSession>> Open(Context& context, bool revisions);

  engine::backends::DatabaseKind kind() const { return scratch_.kind(); }
  engine::schema::ScratchServer& scratch() { return scratch_; }
  const engine::schema::SchemaInputs& inputs() const { return inputs_; }

  // LoadSchema, and its "not compared" objects printed as warnings.
  Result<engine::schema::Schema> Load(const engine::schema::SchemaSource& source);

  // The schema file's rename hints, named as in `desired` (the schema file loaded). Fails
  // as ReadRenameHints.
  Result<std::vector<engine::schema::RenameHint>> RenameHints(
      const engine::schema::Schema& desired) const;

  SchemaSession(Context* context, engine::backends::DatabaseKind kind,
                const engine::operations::Settings& settings, const engine::RevisionGraph* graph);

 private:
  Context* context_;
  SignalWatcher watcher_;  // made before the scratch server, so it stops after it is gone
  engine::schema::ScratchServer scratch_;
  engine::schema::SchemaInputs inputs_;
};

// Registers --dev-database on `command`.
void AddDevDatabaseOption(CLI::App* command, GlobalOptions* globals);

}  // namespace rev::cli
