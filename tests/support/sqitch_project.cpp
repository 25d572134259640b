#include "tests/support/sqitch_project.h"

#include <catch2/catch.hpp>

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;

constexpr const char* kPlan = R"(%syntax-version=1.0.0
%project=flipr
%uri=https://example.com/flipr/

users 2024-01-02T10:00:00Z Marge N. O'Vera <marge@example.com> # Creates table users.
flips [users] 2024-01-02T10:05:00Z Marge N. O'Vera <marge@example.com> # Creates table flips.
data/seed [users] 2024-01-02T10:06:00Z Marge N. O'Vera <marge@example.com> # The first user.
noop 2024-01-02T10:07:00Z Marge N. O'Vera <marge@example.com> # Nothing to do yet.
@v1.0 2024-01-03T09:00:00Z Marge N. O'Vera <marge@example.com> # Release 1.0.

flips_index [flips] 2024-01-04T09:00:00Z Marge N. O'Vera <marge@example.com> # Index flips by user.
users [users@v1.0] 2024-01-05T09:00:00Z Marge N. O'Vera <marge@example.com> # Users get a nickname.
)";

// A script as `sqitch add` writes it: a header and the statements inside BEGIN; ... COMMIT;.
std::string Wrapped(const std::string& header, const std::string& statements) {
  return "-- " + header + "\n\nBEGIN;\n\n" + statements + "\n\nCOMMIT;\n";
}

void WriteChange(const std::filesystem::path& folder, const std::string& file,
                 const std::string& deploy, const std::string& revert) {
  WriteFile(folder / "deploy" / file, deploy);
  WriteFile(folder / "revert" / file, revert);
}

}  // namespace

void WriteSampleSqitchProject(const std::filesystem::path& folder, DatabaseKind kind) {
  const bool postgres = kind == DatabaseKind::kPostgres;
  WriteFile(folder / "sqitch.conf",
            std::string("[core]\n\tengine = ") + (postgres ? "pg" : "sqlite") + "\n");
  WriteFile(folder / "sqitch.plan", kPlan);
  WriteChange(folder, "users@v1.0.sql",
              Wrapped("Deploy flipr:users",
                      "CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL\n);"),
              Wrapped("Revert flipr:users", "DROP TABLE users;"));
  WriteChange(folder, "flips.sql",
              Wrapped("Deploy flipr:flips",
                      "CREATE TABLE flips (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER NOT "
                      "NULL REFERENCES users (id),\n  body TEXT\n);"),
              Wrapped("Revert flipr:flips", "DROP TABLE flips;"));
  WriteChange(
      folder, "data/seed.sql",
      Wrapped("Deploy flipr:data/seed", "INSERT INTO users (id, name) VALUES (1, 'marge');"),
      Wrapped("Revert flipr:data/seed", "DELETE FROM users WHERE id = 1;"));
  WriteChange(folder, "noop.sql", "-- Deploy flipr:noop\n-- Nothing to do yet.\n",
              "-- Revert flipr:noop\n-- Nothing to undo.\n");
  const std::string concurrently = postgres ? "CONCURRENTLY " : "";
  WriteChange(folder, "flips_index.sql",
              "-- Deploy flipr:flips_index\n-- CREATE INDEX CONCURRENTLY cannot run inside a "
              "transaction: no BEGIN here.\n\nCREATE INDEX " +
                  concurrently + "flips_user_id ON flips (user_id);\n",
              "-- Revert flipr:flips_index\n\nDROP INDEX " + concurrently + "flips_user_id;\n");
  WriteChange(folder, "users.sql",
              Wrapped("Deploy flipr:users", "ALTER TABLE users ADD COLUMN nickname TEXT;"),
              Wrapped("Revert flipr:users", "ALTER TABLE users DROP COLUMN nickname;"));
}

std::vector<std::string> SampleSqitchKeys() {
  return {"users@v1.0", "flips", "data/seed", "noop", "flips_index", "users"};
}

std::vector<std::string> SampleSqitchTargets() {
  return {"users@v1.0", "flips", "data/seed", "noop", "flips_index", "@HEAD"};
}

std::string SqitchTarget(const TestDatabase& db) {
  if (db.is_sqlite()) return "db:sqlite:" + std::filesystem::absolute(db.sqlite_file()).string();
  const std::string& url = db.url_text();
  const size_t scheme = url.find("://");
  REQUIRE(scheme != std::string::npos);
  return "db:pg" + url.substr(scheme);
}

ProcessResult RunSqitch(const std::filesystem::path& folder, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"sqitch"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options = In(folder);
  options.env["SQITCH_FULLNAME"] = "Tester";
  options.env["SQITCH_EMAIL"] = "tester@example.com";
  options.env["SQITCH_USER_CONFIG"] = (folder / "no-user-sqitch.conf").string();
  options.env["SQITCH_SYSTEM_CONFIG"] = (folder / "no-system-sqitch.conf").string();
  return RunProcess(argv, options);
}

void RequireSqitch(const std::filesystem::path& folder, const std::vector<std::string>& args) {
  ProcessResult result = RunSqitch(folder, args);
  INFO("sqitch " << args.front() << " printed:\n" << result.out << result.err);
  REQUIRE(result.exit_code == 0);
}

}  // namespace rev::testing
