#include "tests/cli/fleet_helpers.h"

#include <fstream>
#include <sstream>

#include "tests/support/exit_checks.h"

namespace rev::testing {

FleetProject::FleetProject(const std::string& extra_yaml)
    : Project("revisions: revisions\n" + extra_yaml) {
  Write({testing::Rev("a", {}).Message("users").Sql(
             "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n"
             "CREATE INDEX users_email ON users (email);",
             "DROP TABLE users;"),
         testing::Rev("b", {"a"})
             .Message("accounts")
             .Sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY,"
                  " user_id INTEGER NOT NULL REFERENCES users (id));\n"
                  "CREATE INDEX accounts_user ON accounts (user_id);",
                  "DROP TABLE accounts;"),
         testing::Rev("c", {"b"})
             .Message("user names")
             .Sql("ALTER TABLE users ADD COLUMN name TEXT;\nUPDATE users SET name = email;",
                  "ALTER TABLE users DROP COLUMN name;")});
  std::filesystem::create_directories(root() / "dbs");
}

std::vector<std::string> SqliteUrls(size_t count, const std::string& prefix) {
  std::vector<std::string> urls;
  for (size_t i = 0; i < count; ++i) {
    urls.push_back("sqlite:///dbs/" + prefix + std::to_string(i) + ".db");
  }
  return urls;
}

void FleetProject::WriteTargets(const std::vector<std::string>& urls,
                                const std::string& file) const {
  std::ofstream out(root() / file);
  out << "# the tenants\n\n";
  for (const std::string& url : urls) out << url << "\n";
}

Lines FleetProject::SqliteQuery(const std::string& url, const std::string& sql) const {
  std::filesystem::path file = root() / url.substr(std::string("sqlite:///").size());
  ProcessResult result = RunProcess({"sqlite3", file.string(), sql});
  REV_REQUIRE_EXIT(result, 0);
  Lines lines;
  std::string line;
  std::istringstream in(result.out);
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

void FleetProject::PoisonSqlite(const std::string& url) const {
  SqliteQuery(url, "CREATE TABLE accounts (legacy TEXT);");
}

std::string SchemaUrl(const TestDatabase& db, const std::string& schema) {
  const std::string& url = db.url_text();
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "schema=" + schema;
}

void PoisonSchema(const TestDatabase& db, const std::string& schema) {
  db.Execute("CREATE SCHEMA IF NOT EXISTS " + schema + "; CREATE TABLE " + schema +
             ".accounts (legacy TEXT);");
}

std::string AppliedTwice(const std::string& history) {
  std::string sql = kAppliedTwiceSql;
  sql.replace(sql.find("{history}"), 9, history);
  return sql;
}

}  // namespace rev::testing
