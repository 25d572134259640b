// rev.yaml: defaults, every key, environments, warnings and errors with file:line, the
// upward search, and ${VAR} expansion.
#include "revisions/project_config.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/support/scoped_env.h"
#include "tests/support/temp_dir.h"

namespace rev::testing {
namespace {

using revisions::ProjectConfig;

// Writes `text` as rev.yaml in a fresh folder and loads it.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text) : file_(dir_ / "rev.yaml") {
    WriteFile(file_, text);
  }
  Result<ProjectConfig> Load() const { return revisions::LoadProjectConfig(file_); }
  ProjectConfig MustLoad() const {
    auto loaded = Load();
    if (!loaded.ok()) FAIL(loaded.status().ToString());
    return std::move(loaded).value();
  }
  // The error of loading it; fails the test when it loads.
  Status MustFail() const {
    auto loaded = Load();
    if (loaded.ok()) FAIL("expected an error, but rev.yaml loaded");
    return loaded.status();
  }
  // Requires the error to be located at rev.yaml:line and its message to contain `words`.
  void RequireErrorAt(int line, const std::string& words) const {
    Status error = MustFail();
    INFO(error.ToString());
    CHECK(error.code() == StatusCode::kInvalidInput);
    REQUIRE(error.location().has_value());
    CHECK(error.location()->file == file_.string());
    CHECK(error.location()->line == line);
    CHECK(error.ToString().rfind(file_.string() + ":" + std::to_string(line) + ":", 0) == 0);
    CHECK(error.message().find(words) != std::string::npos);
  }
  const std::filesystem::path& path() const { return file_; }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::filesystem::path file_;
};

void RequireDefaults(const ProjectConfig& config) {
  CHECK(config.revisions == "revisions");
  CHECK(config.database.empty());
  CHECK(config.version_table == "rev_version");
  CHECK(config.version_table_schema.empty());
  CHECK(config.history_table == "rev_history");
  CHECK(config.applied_table == "rev_applied");
  CHECK(config.file_template == "{rev}_{slug}");
  CHECK_FALSE(config.auto_merge);
  CHECK(config.backup.dir == "backups");
  CHECK_FALSE(config.backup.before_upgrade);
  CHECK(config.session.lock_timeout.empty());
  CHECK(config.session.statement_timeout.empty());
  CHECK(config.session.search_path.empty());
  CHECK(config.environments.empty());
  CHECK(config.warnings.empty());
}

TEST_CASE("an empty rev.yaml gives the defaults", "[config]") {
  for (const char* text : {"", "\n", "# only a comment\n", "~\n"}) {
    INFO(text);
    ConfigFile file(text);
    ProjectConfig config = file.MustLoad();
    RequireDefaults(config);
    CHECK(config.file == file.path());
    CHECK(config.root == file.dir());
    CHECK(config.revisions_dir() == file.dir() / "revisions");
  }
}

TEST_CASE("the rev.yaml rev init writes loads cleanly", "[config]") {
  ConfigFile file(revisions::DefaultConfigText());
  ProjectConfig config = file.MustLoad();
  CHECK(config.warnings.empty());
  CHECK(config.database == "sqlite:///app.db");
  CHECK(config.database_line == 3);
  config.database.clear();
  RequireDefaults(config);
}

TEST_CASE("every key is read", "[config]") {
  ConfigFile file(
      "revisions: db/revisions\n"                   // 1
      "database: postgresql://u@h/db  # comment\n"  // 2
      "version_table: alembic_version\n"            // 3
      "version_table_schema: app\n"                 // 4
      "history_table: app_history\n"                // 5
      "file_template: \"{date}_{rev}_{slug}\"\n"    // 6
      "auto_merge: true\n"                          // 7
      "lock_timeout: 5s\n"                          // 8
      "statement_timeout: 15min\n"                  // 9
      "search_path: app, public\n"                  // 10
      "backup:\n"                                   // 11
      "  dir: /var/backups/app\n"                   // 12
      "  before_upgrade: yes\n"                     // 13
      "environments:\n"                             // 14
      "  production:\n"                             // 15
      "    database: ${DATABASE_URL}\n"             // 16
      "    confirm: true\n"                         // 17
      "    backup_before_upgrade: false\n"          // 18
      "    lock_timeout: 2s\n"                      // 19
      "    statement_timeout: 1h\n"                 // 20
      "    search_path: prod\n"                     // 21
      "  dev:\n"                                    // 22
      "  staging:\n"                                // 23
      "    database: sqlite:///staging.db\n"        // 24
      "applied_table: app_applied\n");              // 25
  ProjectConfig config = file.MustLoad();
  CHECK(config.warnings.empty());
  CHECK(config.revisions == "db/revisions");
  CHECK(config.revisions_dir() == file.dir() / "db/revisions");
  CHECK(config.database == "postgresql://u@h/db");
  CHECK(config.database_line == 2);
  CHECK(config.version_table == "alembic_version");
  CHECK(config.version_table_schema == "app");
  CHECK(config.history_table == "app_history");
  CHECK(config.applied_table == "app_applied");
  CHECK(config.file_template == "{date}_{rev}_{slug}");
  CHECK(config.auto_merge);
  CHECK(config.session.lock_timeout == "5s");
  CHECK(config.session.statement_timeout == "15min");
  CHECK(config.session.search_path == "app, public");
  CHECK(config.backup.dir == "/var/backups/app");
  CHECK(config.backup.before_upgrade);

  REQUIRE(config.environments.size() == 3);
  const auto& production = config.environments.at("production");
  CHECK(production.name == "production");
  CHECK(production.database == std::optional<std::string>("${DATABASE_URL}"));  // unexpanded
  CHECK(production.database_line == 16);
  CHECK(production.confirm);
  CHECK(production.backup_before_upgrade == std::optional<bool>(false));
  CHECK(production.session.lock_timeout == "2s");
  CHECK(production.session.statement_timeout == "1h");
  CHECK(production.session.search_path == "prod");

  const auto& dev = config.environments.at("dev");
  CHECK(dev.name == "dev");
  CHECK_FALSE(dev.database.has_value());
  CHECK_FALSE(dev.confirm);
  CHECK_FALSE(dev.backup_before_upgrade.has_value());

  CHECK(config.environments.at("staging").database ==
        std::optional<std::string>("sqlite:///staging.db"));
  CHECK(config.environments.at("staging").database_line == 24);
}

TEST_CASE("unknown keys are warnings with their line", "[config]") {
  ConfigFile file(
      "revisions: revisions\n"
      "databse: sqlite:///typo.db\n"
      "backup:\n"
      "  directory: b\n"
      "environments:\n"
      "  prod:\n"
      "    confirmm: true\n");
  ProjectConfig config = file.MustLoad();
  REQUIRE(config.warnings.size() == 3);
  CHECK(config.warnings[0].code == "unknown-config-key");
  CHECK(config.warnings[0].location.file == file.path().string());
  CHECK(config.warnings[0].location.line == 2);
  CHECK(config.warnings[0].message.find("'databse'") != std::string::npos);
  CHECK(config.warnings[1].location.line == 4);
  CHECK(config.warnings[1].message.find("'directory' in backup") != std::string::npos);
  CHECK(config.warnings[2].location.line == 7);
  CHECK(config.warnings[2].message.find("'confirmm' in environment 'prod'") != std::string::npos);
  CHECK(config.database.empty());  // the misspelt key did not set it
}

// A rev.yaml, the line its error must point at and words its message must hold.
struct BadConfig {
  const char* yaml;
  int line;
  const char* error;
};

void RequireErrorsAt(std::initializer_list<BadConfig> cases) {
  for (const BadConfig& bad : cases) {
    INFO("rev.yaml:\n" << bad.yaml);
    ConfigFile(bad.yaml).RequireErrorAt(bad.line, bad.error);
  }
}

TEST_CASE("values of the wrong type are errors at file:line", "[config]") {
  RequireErrorsAt({
      {"revisions: [a, b]\n", 1, "revisions must be a single value"},
      {"revisions: x\ndatabase: {url: x}\n", 2, "database must be a single value"},
      {"\nauto_merge: sometimes\n", 2, "auto_merge must be true or false"},
      {"auto_merge: [true]\n", 1, "auto_merge must be true or false"},
      {"backup: 5\n", 1, "backup must be a mapping"},
      {"backup:\n  before_upgrade: later\n", 2, "before_upgrade must be true or false"},
      {"backup:\n  dir: [a]\n", 2, "dir must be a single value"},
      {"environments: [prod]\n", 1, "environments must be a mapping"},
      {"environments:\n  prod: 5\n", 2, "environment 'prod' must be a mapping"},
      {"environments:\n  prod:\n    confirm: perhaps\n", 3, "confirm must be true or false"},
      {"environments:\n  prod:\n    database: [a]\n", 3, "database must be a single value"},
      {"lock_timeout: {a: 1}\n", 1, "lock_timeout must be a single value"},
      {"a: 1\n- b\n", 2, "not valid YAML"},
  });
}

TEST_CASE("an empty value's error points at its key's line", "[config]") {
  // yaml-cpp places an empty value at the next token, which may be lines further on.
  RequireErrorsAt({
      {"auto_merge:\n\n\nrevisions: r\n", 1, "auto_merge must be true or false"},
      {"backup:\n  before_upgrade:\n", 2, "before_upgrade must be true or false"},
      {"environments:\n  prod:\n    confirm:\n", 3, "confirm must be true or false"},
      {"version_table:\n# next\n", 1, "version_table '' is not a valid table name"},
  });
}

TEST_CASE("a key given twice is an error at its second line", "[config]") {
  ConfigFile top("database: sqlite:///a.db\nrevisions: r\ndatabase: sqlite:///b.db\n");
  top.RequireErrorAt(3, "duplicate key 'database' in rev.yaml (first at line 1)");
  CHECK(top.MustFail().hint().find("database:") != std::string::npos);
  RequireErrorsAt({
      {"backup:\n  dir: a\n  dir: b\n", 3, "duplicate key 'dir' in backup"},
      {"environments:\n  prod:\n    confirm: true\n    confirm: false\n", 4,
       "duplicate key 'confirm' in environment 'prod'"},
      {"environments:\n  prod: {}\n  prod: {}\n", 3, "duplicate key 'prod' in environments"},
  });
}

TEST_CASE("an environment name must be a plain word", "[config]") {
  RequireErrorsAt({
      {"environments:\n  [a, b]: {database: x}\n", 2, "environment name"},
      {"environments:\n  ~: {}\n", 2, "environment name"},
  });
}

TEST_CASE("table names are checked", "[config]") {
  ConfigFile bad_name("version_table: rev version\n");
  bad_name.RequireErrorAt(1, "'rev version' is not a valid table name");
  CHECK(bad_name.MustFail().hint().find("1-63") != std::string::npos);
  RequireErrorsAt({
      {"history_table: 1st\n", 1, "not a valid table name"},
      {"\n\nversion_table_schema: \"a;drop\"\n", 3, "not a valid table name"},
  });
  ConfigFile("version_table: " + std::string(64, 't') + "\n")
      .RequireErrorAt(1, "not a valid table name");
  CHECK(ConfigFile("version_table: " + std::string(63, 't') + "\n").MustLoad().version_table ==
        std::string(63, 't'));
}

TEST_CASE("a rev.yaml that is not YAML, or not a mapping", "[config]") {
  ConfigFile unclosed("revisions: revisions\ndatabase: [unclosed\n");
  unclosed.RequireErrorAt(3, "not valid YAML");
  CHECK_FALSE(unclosed.MustFail().hint().empty());
  RequireErrorsAt({
      {"revisions: a: b\n", 1, "not valid YAML"},
      {"- revisions\n- database\n", 1, "must be a mapping"},
      {"just a sentence\n", 1, "must be a mapping"},
      {"? [a, b]\n: c\n", 1, "a key must be a plain word"},
  });
}

TEST_CASE("a missing rev.yaml is an error naming it", "[config]") {
  TempDir dir;
  auto loaded = revisions::LoadProjectConfig(dir / "rev.yaml");
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.status().code() == StatusCode::kInvalidInput);
  CHECK(loaded.status().message().find((dir / "rev.yaml").string()) != std::string::npos);
}

TEST_CASE("FindProjectConfig searches upward", "[config]") {
  TempDir dir;
  WriteFile(dir / "project/rev.yaml", "revisions: revisions\n");
  std::filesystem::create_directories(dir / "project/a/b/c");
  auto found = revisions::FindProjectConfig(dir / "project/a/b/c");
  REQUIRE(found.ok());
  CHECK(std::filesystem::equivalent(*found, dir / "project/rev.yaml"));
  CHECK(std::filesystem::equivalent(revisions::FindProjectConfig(dir / "project").value(),
                                    dir / "project/rev.yaml"));

  SECTION("the nearest one wins") {
    WriteFile(dir / "project/a/rev.yaml", "");
    CHECK(std::filesystem::equivalent(revisions::FindProjectConfig(dir / "project/a/b/c").value(),
                                      dir / "project/a/rev.yaml"));
  }
  SECTION("a folder named rev.yaml is not a config") {
    std::filesystem::create_directories(dir / "project/a/rev.yaml");
    CHECK(std::filesystem::equivalent(revisions::FindProjectConfig(dir / "project/a/b").value(),
                                      dir / "project/rev.yaml"));
  }
}

TEST_CASE("FindProjectConfig without any rev.yaml above", "[config]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "x/y");
  if (revisions::FindProjectConfig("/").ok()) {
    // A stray /rev.yaml on this machine would be found from every folder.
    WARN("/rev.yaml exists here, so the not-found case cannot be observed");
    return;
  }
  auto found = revisions::FindProjectConfig(dir / "x/y");
  REQUIRE_FALSE(found.ok());
  CHECK(found.status().code() == StatusCode::kInvalidInput);
  CHECK(found.status().message().find("no rev.yaml") != std::string::npos);
  CHECK(found.status().hint().find("rev init") != std::string::npos);
  CHECK(found.status().hint().find("-c") != std::string::npos);
}

TEST_CASE("ExpandVariables", "[config]") {
  ScopedEnv host("REV_TEST_HOST", "db.example");
  ScopedEnv empty("REV_TEST_EMPTY", "");
  ScopedEnv unset_variable("REV_TEST_UNSET", std::nullopt);
  SourceLocation where{"rev.yaml", 7, 0};
  auto expand = [&](const std::string& text) {
    auto expanded = revisions::ExpandVariables(text, where);
    INFO(text);
    if (!expanded.ok()) FAIL(expanded.status().ToString());
    return *expanded;
  };
  CHECK(expand("postgresql://${REV_TEST_HOST}/app") == "postgresql://db.example/app");
  CHECK(expand("${REV_TEST_HOST}${REV_TEST_HOST}") == "db.exampledb.example");
  CHECK(expand("${REV_TEST_UNSET:-sqlite:///fallback.db}") == "sqlite:///fallback.db");
  CHECK(expand("${REV_TEST_HOST:-unused}") == "db.example");
  CHECK(expand("${REV_TEST_EMPTY:-used}") == "used");  // as in the shell: empty takes the default
  CHECK(expand("${REV_TEST_EMPTY}") == "");
  CHECK(expand("${REV_TEST_UNSET:-}") == "");
  CHECK(expand("no variables, $HOME or $ alone") == "no variables, $HOME or $ alone");
  CHECK(expand("") == "");

  auto unset = revisions::ExpandVariables("postgresql://${REV_TEST_UNSET}/db", where);
  REQUIRE_FALSE(unset.ok());
  CHECK(unset.status().code() == StatusCode::kInvalidInput);
  CHECK(unset.status().message().find("REV_TEST_UNSET") != std::string::npos);
  CHECK(unset.status().ToString().rfind("rev.yaml:7: ", 0) == 0);
  CHECK(unset.status().hint().find("${REV_TEST_UNSET:-") != std::string::npos);

  auto unclosed = revisions::ExpandVariables("x${REV_TEST_HOST", where);
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.status().message().find("unclosed ${") != std::string::npos);
  CHECK(unclosed.status().location()->line == 7);
}

}  // namespace
}  // namespace rev::testing

namespace rev::testing {
namespace {

TEST_CASE("lock and lock_lease are read at the top level and per environment", "[config]") {
  ProjectConfig config = ConfigFile(
                             "lock: lease\n"
                             "lock_lease: 45s\n"
                             "environments:\n"
                             "  prod:\n"
                             "    lock: session\n"
                             "    lock_lease: 90\n")
                             .MustLoad();
  CHECK(config.session.lock == revisions::LockMode::kLease);
  CHECK(config.session.lock_lease == std::chrono::seconds(45));
  CHECK(config.environments.at("prod").session.lock == revisions::LockMode::kSession);
  CHECK(config.environments.at("prod").session.lock_lease == std::chrono::seconds(90));
  ProjectConfig defaults = ConfigFile("").MustLoad();
  CHECK_FALSE(defaults.session.lock.has_value());
  CHECK_FALSE(defaults.session.lock_lease.has_value());
}

TEST_CASE("a bad lock or lock_lease is an error at its line with the fix", "[config]") {
  ConfigFile("database: sqlite:///app.db\nlock: sometimes\n")
      .RequireErrorAt(2, "lock 'sometimes' is not a lock mode");
  CHECK_THAT(ConfigFile("lock: sometimes\n").MustFail().hint(), Catch::Contains("lock: lease"));
  ConfigFile("lock_lease: 0\n").RequireErrorAt(1, "lock_lease 0 is out of range");
  ConfigFile("lock_lease: 3601s\n").RequireErrorAt(1, "out of range");
  ConfigFile("environments:\n  prod:\n    lock_lease: 10min\n")
      .RequireErrorAt(3, "lock_lease '10min' is not a number of seconds");
  CHECK_THAT(ConfigFile("lock_lease: soon\n").MustFail().hint(),
             Catch::Contains("`lock_lease: 30` or `lock_lease: 30s`"));
}

}  // namespace
}  // namespace rev::testing
