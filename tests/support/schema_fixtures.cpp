#include "tests/support/schema_fixtures.h"

#include <catch2/catch.hpp>
#include <cstdlib>

#include "engine/schema/introspect.h"
#include "engine/schema/proof.h"
#include "tests/support/test_database.h"

namespace rev::testing {

using engine::backends::DatabaseKind;
using engine::schema::Schema;
using engine::schema::ScratchServer;

std::unique_ptr<ScratchServer> TestScratchServer(DatabaseKind kind) {
  std::optional<engine::backends::DatabaseUrl> dev;
  if (kind == DatabaseKind::kPostgres) {
    const char* admin = std::getenv("REV_TEST_POSTGRES_URL");
    if (admin == nullptr || *admin == '\0') FAIL("REV_TEST_POSTGRES_URL is not set");
    dev = ParsedUrl(admin);
  }
  return std::make_unique<ScratchServer>(kind, dev, engine::backends::BackendOptions{});
}

Schema LoadedSchema(DatabaseKind kind, const std::string& sql) {
  auto server = TestScratchServer(kind);
  auto database = server->Create();
  Require(database.status());
  Require((*database)->backend().ExecuteScript(sql, {"schema.sql", 1}));
  auto schema = engine::schema::Introspect((*database)->backend(), {});
  Require(schema.status());
  return std::move(schema).value();
}

std::vector<std::string> ChangeNames(const engine::schema::Changes& changes) {
  std::vector<std::string> names;
  for (const auto& change : changes) names.push_back(change.KindName() + " " + change.ObjectName());
  return names;
}

ProvenMigration GenerateAndProve(DatabaseKind kind, const std::string& before_sql,
                                 const std::string& after_sql,
                                 const std::vector<engine::schema::RenameHint>& hints) {
  Schema before = LoadedSchema(kind, before_sql);
  Schema after = LoadedSchema(kind, after_sql);
  ProvenMigration proven{engine::schema::GenerateMigration(before, after, {hints, false}),
                         Status::Ok()};
  auto server = TestScratchServer(kind);
  engine::schema::ProofRequest request;
  request.head = &before;
  request.desired = &after;
  request.changes = &proven.migration.upgrade;
  request.upgrade_sql = proven.migration.upgrade_script;
  request.downgrade_sql = proven.migration.downgrade_script;
  request.build_head = [&before_sql](engine::backends::Backend& backend) {
    return backend.ExecuteScript(before_sql, {"before.sql", 1});
  };
  proven.proof = engine::schema::Prove(*server, request);
  return proven;
}

engine::schema::GeneratedMigration RequireProven(
    DatabaseKind kind, const std::string& before_sql, const std::string& after_sql,
    const std::vector<engine::schema::RenameHint>& hints) {
  ProvenMigration proven = GenerateAndProve(kind, before_sql, after_sql, hints);
  INFO("upgrade:\n" << proven.migration.upgrade_script);
  INFO("downgrade:\n" << proven.migration.downgrade_script);
  Require(proven.proof);
  return std::move(proven.migration);
}

}  // namespace rev::testing
