#include "tests/support/db_project.h"

#include <cstdlib>
#include <thread>

#include "tests/support/exit_checks.h"

namespace rev::testing {

using engine::backends::DatabaseKind;

// --- DbProject -----------------------------------------------------------------------

DbProject::DbProject(DatabaseKind kind, const std::string& extra_yaml)
    : Project(""), db_(kind, root()) {
  WriteFile(config(), "revisions: revisions\ndatabase: \"" + db_.url_text() + "\"\n" + extra_yaml);
}

std::vector<std::string> DbProject::Heads(const std::string& version_table) const {
  if (!HasTable(version_table)) return {};
  return Query("SELECT version_num FROM " + version_table + " ORDER BY version_num");
}

std::vector<std::string> DbProject::History() const {
  if (!HasTable("rev_history")) return {};
  return Query(
      "SELECT COALESCE(revision, '') || ' ' || direction || ' ' || status FROM rev_history "
      "ORDER BY id");
}

// --- long steps and damage --------------------------------------------------------------

bool LongStepRunning(DbProject& project) {
  if (project.db().is_sqlite()) {
    std::filesystem::path journal = project.db().sqlite_file().string() + "-journal";
    if (!std::filesystem::exists(journal)) return false;
    // rev's own short transactions have a journal too, for a few milliseconds.
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return std::filesystem::exists(journal);
  }
  return project.db().Query(
             "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
             "pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%pg_sleep%'") ==
         std::vector<std::string>{"1"};
}

void MakeUnreadable(DbProject& project) {
  if (project.db().is_sqlite()) {
    WriteFile(project.db().sqlite_file(), std::string(4096, 'x'));
    return;
  }
  project.db().Execute("DROP TABLE rev_version; CREATE TABLE rev_version (damaged TEXT)");
}

std::string DevDatabaseYaml(engine::backends::DatabaseKind kind) {
  if (kind != engine::backends::DatabaseKind::kPostgres) return "";
  const char* url = std::getenv("REV_TEST_POSTGRES_URL");
  if (url == nullptr) FAIL("REV_TEST_POSTGRES_URL is not set");
  return std::string("dev_database: ") + url + "\n";
}

}  // namespace rev::testing
