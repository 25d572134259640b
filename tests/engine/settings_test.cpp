// Settings: rev.yaml, the environment's overlay, REV_DATABASE_URL and the command line
// resolved once, in SPEC §1's order of precedence.
#include "engine/operations/settings.h"

#include <catch2/catch.hpp>

#include "tests/support/scoped_env.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;
using engine::operations::ResolveSettings;
using engine::operations::SettingsRequest;

revisions::ProjectConfig Config() {
  revisions::ProjectConfig config;
  config.file = "rev.yaml";
  config.root = "/project";
  config.database = "sqlite:///top.db";
  config.session.lock_timeout = "5s";
  config.session.search_path = "app";
  config.backup.before_upgrade = false;
  revisions::EnvironmentConfig production;
  production.name = "production";
  production.database = "postgresql://app:secret@db/prod";
  production.confirm = true;
  production.backup_before_upgrade = true;
  production.session.lock_timeout = "2s";
  config.environments["production"] = production;
  return config;
}

TEST_CASE("the database URL: flag, then REV_DATABASE_URL, then environment, then rev.yaml",
          "[settings]") {
  ScopedEnv unset("REV_DATABASE_URL", std::nullopt);  // a developer's shell may have it
  auto top = ResolveSettings(Config(), {});
  REQUIRE(top.ok());
  CHECK(top->database->sqlite_path() == "/project/top.db");

  SettingsRequest production{"", "production", std::nullopt, "", "", "", std::nullopt};
  auto env = ResolveSettings(Config(), production);
  REQUIRE(env.ok());
  CHECK(env->database->kind() == DatabaseKind::kPostgres);
  CHECK(env->database->Redacted() == "postgresql://app:***@db/prod");

  {
    ScopedEnv variable("REV_DATABASE_URL", "sqlite:///from_variable.db");
    auto from_variable = ResolveSettings(Config(), production);
    REQUIRE(from_variable.ok());
    CHECK(from_variable->database->sqlite_path() == "/project/from_variable.db");

    SettingsRequest flag{
        "sqlite:////abs/flag.db", "production", std::nullopt, "", "", "", std::nullopt};
    auto from_flag = ResolveSettings(Config(), flag);
    REQUIRE(from_flag.ok());
    CHECK(from_flag->database->sqlite_path() == "/abs/flag.db");
  }

  revisions::ProjectConfig none = Config();
  none.database.clear();
  auto nowhere = ResolveSettings(none, {});
  REQUIRE(nowhere.ok());
  CHECK_FALSE(nowhere->database.has_value());
}

TEST_CASE("an environment's settings lie over the top level's, each on its own", "[settings]") {
  auto top = ResolveSettings(Config(), {});
  REQUIRE(top.ok());
  CHECK_FALSE(top->confirm);
  CHECK_FALSE(top->backup_before_upgrade);
  CHECK(top->backend.lock_timeout == "5s");
  CHECK(top->backend.search_path == "app");
  CHECK(top->backup_dir == "/project/backups");
  CHECK(top->journal == "/project/.rev/journal.jsonl");

  auto env = ResolveSettings(Config(), {"", "production", std::nullopt, "", "", "", std::nullopt});
  REQUIRE(env.ok());
  CHECK(env->confirm);
  CHECK(env->backup_before_upgrade);
  CHECK(env->backend.lock_timeout == "2s");  // the environment's
  CHECK(env->backend.search_path == "app");  // not set there: the top level's
}

TEST_CASE("settings that cannot be resolved are bad input, saying why", "[settings]") {
  auto unknown = ResolveSettings(Config(), {"", "staging", std::nullopt, "", "", "", std::nullopt});
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(unknown.status().message(), Catch::Contains("no environment 'staging'"));
  CHECK_THAT(unknown.status().hint(), Catch::Contains("production"));

  revisions::ProjectConfig unset = Config();
  unset.database = "${REV_TEST_NEVER_SET_VARIABLE}";
  unset.database_line = 2;
  auto variable = ResolveSettings(unset, {});
  REQUIRE_FALSE(variable.ok());
  CHECK_THAT(variable.status().message(), Catch::Contains("REV_TEST_NEVER_SET_VARIABLE"));

  for (double seconds : {-1.0, 86401.0}) {
    auto timeout = ResolveSettings(Config(), {"", "", seconds, "", "", "", std::nullopt});
    REQUIRE_FALSE(timeout.ok());
    CHECK_THAT(timeout.status().message(), Catch::Contains("--lock-timeout"));
  }
  auto fine = ResolveSettings(Config(), {"", "", 1.5, "", "", "", std::nullopt});
  REQUIRE(fine.ok());
  CHECK(fine->lock_timeout == std::chrono::milliseconds(1500));
  CHECK(fine->backend.wait_for_database == std::chrono::milliseconds(0));  // waits for nothing
  auto waiting = ResolveSettings(Config(), {"", "", std::nullopt, "", "", "", 2.5});
  REQUIRE(waiting.ok());
  CHECK(waiting->backend.wait_for_database == std::chrono::milliseconds(2500));
  auto too_long = ResolveSettings(Config(), {"", "", std::nullopt, "", "", "", 86401.0});
  REQUIRE_FALSE(too_long.ok());
  CHECK_THAT(too_long.status().message(), Catch::Contains("--wait-for-database"));
  CHECK(ResolveSettings(Config(), {"mysql://x", "", std::nullopt, "", "", "", std::nullopt})
            .status()
            .code() == StatusCode::kInvalidInput);
}

TEST_CASE("the lock mode: --lock, then the environment's lock:, then rev.yaml's, then auto",
          "[settings]") {
  ScopedEnv unset("REV_DATABASE_URL", std::nullopt);
  revisions::ProjectConfig config = Config();
  CHECK(ResolveSettings(config, {})->backend.lock == revisions::LockMode::kAuto);
  CHECK(ResolveSettings(config, {})->backend.lock_lease == std::chrono::seconds(30));
  config.session.lock = revisions::LockMode::kSession;
  config.session.lock_lease = std::chrono::seconds(10);
  config.environments["production"].session.lock = revisions::LockMode::kLease;
  CHECK(ResolveSettings(config, {})->backend.lock == revisions::LockMode::kSession);
  SettingsRequest production{"", "production", std::nullopt, "", "", "", std::nullopt};
  auto env = ResolveSettings(config, production);
  CHECK(env->backend.lock == revisions::LockMode::kLease);
  CHECK(env->backend.lock_lease == std::chrono::seconds(10));  // the top level's
  SettingsRequest flags{"", "production", std::nullopt, "", "session", "45s", std::nullopt};
  auto flagged = ResolveSettings(config, flags);
  CHECK(flagged->backend.lock == revisions::LockMode::kSession);
  CHECK(flagged->backend.lock_lease == std::chrono::seconds(45));
  SettingsRequest bad{"", "", std::nullopt, "", "optimistic", "", std::nullopt};
  auto refused = ResolveSettings(config, bad);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kInvalidInput);
  CHECK_THAT(refused.status().message(), Catch::Contains("--lock 'optimistic'"));
}

}  // namespace
}  // namespace rev::testing
