// Helpers of the schema-engine tests: real scratch databases (SQLite in memory,
// PostgreSQL on the server of REV_TEST_POSTGRES_URL), SQL loaded into them and read back,
// and generated migrations proven there, as `rev create --autogenerate` proves them.
//
//   Schema users = LoadedSchema(kind, "CREATE TABLE users (id INTEGER PRIMARY KEY);");
//   CHECK(ChangeNames(Diff(a, b)) == Names{"add_column users.email"});
//   RequireProven(kind, before_sql, after_sql);
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/schema/change.h"
#include "engine/schema/diff.h"
#include "engine/schema/generate.h"
#include "engine/schema/scratch.h"

namespace rev::testing {

// A scratch server of `kind`; PostgreSQL's dev database is REV_TEST_POSTGRES_URL (the
// running test fails when it is unset).
std::unique_ptr<engine::schema::ScratchServer> TestScratchServer(
    engine::backends::DatabaseKind kind);

// `sql` loaded into a fresh scratch database and read back; fails the running test when
// it does not load.
engine::schema::Schema LoadedSchema(engine::backends::DatabaseKind kind, const std::string& sql);

// "kind object" per change: "add_column users.email".
std::vector<std::string> ChangeNames(const engine::schema::Changes& changes);

// The migration from `before_sql` to `after_sql` (with `hints`), and what proving it said.
struct ProvenMigration {
  engine::schema::GeneratedMigration migration;
  Status proof;
};
ProvenMigration GenerateAndProve(engine::backends::DatabaseKind kind, const std::string& before_sql,
                                 const std::string& after_sql,
                                 const std::vector<engine::schema::RenameHint>& hints = {});

// GenerateAndProve, failing the running test (showing both scripts) unless it is proven.
engine::schema::GeneratedMigration RequireProven(
    engine::backends::DatabaseKind kind, const std::string& before_sql,
    const std::string& after_sql, const std::vector<engine::schema::RenameHint>& hints = {});

}  // namespace rev::testing
