// Backup files without a database: names, manifests, hashes, listing and pruning a folder,
// the command lines of PostgreSQL's client programs (never a password), and child
// processes.
#include <catch2/catch.hpp>
#include <chrono>

#include "engine/backends/postgres_backup.h"
#include "engine/operations/backup.h"
#include "engine/process/child_process.h"
#include "tests/support/graph_literals.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace rev::engine::operations {
namespace {

using testing::Ids;
using testing::Names;
using testing::ToNames;

using rev::testing::ParsedUrl;
using rev::testing::ReadFile;
using rev::testing::TempDir;
using rev::testing::WriteFile;
namespace fs = std::filesystem;

std::chrono::system_clock::time_point At(int64_t seconds) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

BackupManifest Manifest(const std::string& file, const std::string& created_at) {
  BackupManifest manifest;
  manifest.file = file;
  manifest.kind = "sqlite";
  manifest.database = "sqlite:///app.db";
  manifest.heads = Ids({"a1", "b2"});
  manifest.created_at = created_at;
  manifest.size = 3;
  manifest.sha256 = std::string(64, 'a');
  manifest.rev_version = "0.1.0";
  return manifest;
}

// A backup file and its manifest in `folder`.
void WriteBackup(const fs::path& folder, const std::string& name, const std::string& created_at) {
  WriteFile(folder / name, "abc");
  WriteFile(ManifestPathFor(folder / name),
            revisions::RenderBackupManifest(Manifest(name, created_at)));
}

TEST_CASE("Backup file names: heads joined by '-', base when none, UTC time, kind's extension") {
  auto t = At(1795328640);  // 2026-11-22T06:24:00Z
  CHECK(BackupFileName(Ids({"3f2a9c1b7d4e"}), t, backends::DatabaseKind::kSqlite) ==
        "backup_3f2a9c1b7d4e_20261122_062400.sqlite");
  CHECK(BackupFileName(Ids({"a1", "b2"}), t, backends::DatabaseKind::kPostgres) ==
        "backup_a1-b2_20261122_062400.dump");
  CHECK(BackupFileName({}, t, backends::DatabaseKind::kSqlite) ==
        "backup_base_20261122_062400.sqlite");
  engine::RevisionIds long_heads = Ids(Names(3, std::string(64, 'f')));
  CHECK(BackupFileName(long_heads, t, backends::DatabaseKind::kSqlite) ==
        "backup_ffffffffffff-ffffffffffff-ffffffffffff_20261122_062400.sqlite");
  CHECK(ManifestPathFor("/b/backup_x.dump") == "/b/backup_x.dump.yaml");
}

TEST_CASE("A manifest reads back as it was written") {
  BackupManifest manifest =
      Manifest("backup_a1-b2_20261122_062400.sqlite", "2026-11-22T06:24:00.123Z");
  manifest.database = "postgresql://app:***@db: 5432/prod?x=#y";  // YAML-special characters
  std::string text = revisions::RenderBackupManifest(manifest);
  CHECK_THAT(text, Catch::StartsWith("# rev backup manifest"));
  auto read = revisions::ParseBackupManifest(text, "m.yaml");
  INFO(text << read.status().ToString());
  REQUIRE(read.ok());
  CHECK(read->file == manifest.file);
  CHECK(read->kind == "sqlite");
  CHECK(read->database == manifest.database);
  CHECK(read->heads == manifest.heads);
  CHECK(read->created_at == manifest.created_at);
  CHECK(read->size == 3);
  CHECK(read->sha256 == manifest.sha256);
  CHECK(read->rev_version == "0.1.0");

  manifest.heads.clear();
  auto base = revisions::ParseBackupManifest(revisions::RenderBackupManifest(manifest), "m.yaml");
  REQUIRE(base.ok());
  CHECK(base->heads.empty());
}

TEST_CASE("A malformed manifest is bad input at its file and line") {
  struct Case {
    std::string text;
    std::string says;
    int line;
  };
  std::string sha = std::string(64, '0');
  std::vector<Case> cases = {
      {"kind: [", "not YAML", 1},
      {"- a\n- b\n", "not a mapping", 1},
      {"kind: sqlite\nheads: []\ncreated_at: t\nsize: 1\n", "missing `sha256:`", 1},
      {"kind: mysql\nheads: []\ncreated_at: t\nsize: 1\nsha256: " + sha, "unknown kind 'mysql'", 1},
      {"kind: sqlite\nheads: [head]\ncreated_at: t\nsize: 1\nsha256: " + sha, "head 'head'", 2},
      {"kind: sqlite\nheads: []\ncreated_at: t\nsize: -1\nsha256: " + sha, "`size:`", 4},
      {"kind: sqlite\nheads: []\ncreated_at: t\nsize: 1\nsha256: ABC", "64 lowercase hex", 5},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto read = revisions::ParseBackupManifest(c.text, "m.yaml");
    REQUIRE_FALSE(read.ok());
    CHECK(read.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(read.status().message(), Catch::Contains(c.says));
    REQUIRE(read.status().location().has_value());
    CHECK(read.status().location()->file == "m.yaml");
    CHECK(read.status().location()->line == c.line);
  }
}

TEST_CASE("Sha256OfFile hashes the bytes as they are") {
  TempDir dir;
  WriteFile(dir / "f", "abc");
  auto hash = Sha256OfFile(dir / "f");
  REQUIRE(hash.ok());
  CHECK(*hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256OfFile(dir / "missing").status().code() == StatusCode::kInvalidInput);
}

TEST_CASE("ListBackups: oldest first, incomplete ones named, PruneBackups keeps the newest") {
  TempDir dir;
  fs::path folder = dir / "backups";
  CHECK(ListBackups(folder)->empty());  // no folder yet: no backups
  WriteBackup(folder, "backup_c_20261122_000003.sqlite", "2026-11-22T00:00:03.000Z");
  WriteBackup(folder, "backup_a_20261122_000001.sqlite", "2026-11-22T00:00:01.000Z");
  WriteBackup(folder, "backup_b_20261122_000002.sqlite", "2026-11-22T00:00:02.000Z");
  WriteFile(folder / "backup_x_20261122_000000.dump", "no manifest");
  WriteFile(folder / "gone.sqlite.yaml",
            revisions::RenderBackupManifest(Manifest("gone.sqlite", "2026-11-22T00:00:00.500Z")));
  WriteFile(folder / "notes.txt", "not a backup");
  WriteFile(folder / ".backup_d.sqlite.tmp-1", "a backup being written");

  auto entries = ListBackups(folder);
  REQUIRE(entries.ok());
  std::vector<std::string> names;
  for (const BackupEntry& entry : *entries) names.push_back(entry.file.filename().string());
  CHECK(names == std::vector<std::string>{"backup_x_20261122_000000.dump", "gone.sqlite",
                                          "backup_a_20261122_000001.sqlite",
                                          "backup_b_20261122_000002.sqlite",
                                          "backup_c_20261122_000003.sqlite"});
  CHECK((*entries)[0].problem == "no manifest");
  CHECK_THAT((*entries)[1].problem, Catch::Contains("backup file is missing"));
  CHECK((*entries)[2].problem.empty());
  CHECK(ToNames((*entries)[4].manifest->heads) == Names{"a1", "b2"});

  auto removed = PruneBackups(folder, 1);
  REQUIRE(removed.ok());
  REQUIRE(removed->size() == 2);
  CHECK((*removed)[0].filename() == "backup_a_20261122_000001.sqlite");
  CHECK((*removed)[1].filename() == "backup_b_20261122_000002.sqlite");
  CHECK_FALSE(fs::exists(folder / "backup_a_20261122_000001.sqlite"));
  CHECK_FALSE(fs::exists(folder / "backup_a_20261122_000001.sqlite.yaml"));
  CHECK(fs::exists(folder / "backup_c_20261122_000003.sqlite"));
  CHECK(fs::exists(folder / "backup_c_20261122_000003.sqlite.yaml"));
  // Incomplete backups are never pruned: they may not be rev's.
  CHECK(fs::exists(folder / "backup_x_20261122_000000.dump"));
  CHECK(fs::exists(folder / "gone.sqlite.yaml"));
  CHECK(PruneBackups(folder, 1)->empty());
  CHECK(PruneBackups(folder, 0)->size() == 1);
}

TEST_CASE("pg_dump, pg_restore and psql command lines never hold the password") {
  for (const std::string text :
       {"postgresql://app:s3cr%40t@db.example:5432/prod?sslmode=require",
        "postgresql://app@db.example/prod?password=s3cr%40t&sslmode=require",
        "postgresql://app@db.example/prod?sslmode=require&password=s3cr%40t",
        "host=db.example dbname=prod user=app password='s3cr@t' sslmode=require"}) {
    INFO(text);
    auto url = ParsedUrl(text, "/");
    std::string without = url.connection_string_without_password();
    CHECK(without.find("s3cr") == std::string::npos);
    CHECK(without.find("password") == std::string::npos);
    CHECK(without.find("sslmode=require") != std::string::npos);
    CHECK(without.find("db.example") != std::string::npos);
    std::vector<std::vector<std::string>> argvs = {
        backends::PgDumpArgv("/usr/bin/pg_dump", url),
        backends::PsqlRestoreArgv("/usr/bin/psql", url),
        backends::PgRestoreScriptArgv("/usr/bin/pg_restore", "/b/x.dump"),
        backends::PgListArgv("/usr/bin/pg_restore", "/b/x.dump"),
    };
    for (const auto& argv : argvs) {
      for (const std::string& arg : argv) CHECK(arg.find("s3cr") == std::string::npos);
    }
    CHECK(backends::PgDumpArgv("/usr/bin/pg_dump", url).back() == "--dbname=" + without);
    CHECK(process::GetVariable(backends::PgChildEnvironment(url), "PGPASSWORD") ==
          std::optional<std::string>("s3cr@t"));
  }
  CHECK(backends::DatabaseUrl::Parse("postgresql://app@db/prod?password=x", "/")
            ->connection_string_without_password() == "postgresql://app@db/prod");
  CHECK(backends::DatabaseUrl::Parse("postgresql://app:pw@db/prod", "/")
            ->connection_string_without_password() == "postgresql://app@db/prod");
}

TEST_CASE("A child gets exactly the environment given, stdout to a file, stderr captured") {
  TempDir dir;
  process::Environment env = {"PATH=/usr/bin:/bin", "ONLY=this"};
  process::ChildCommand command{
      {"/bin/sh", "-c", "env; echo oops >&2; exit 3"}, env, dir / "out", false, {}};
  auto result = process::RunChild(command);
  REQUIRE(result.ok());
  CHECK(result->exit_code == 3);
  CHECK(result->err == "oops\n");
  std::string out = ReadFile(dir / "out");
  CHECK_THAT(out, Catch::Contains("ONLY=this"));
  CHECK(out.find("HOME=") == std::string::npos);

  process::ChildCommand missing{{"/nonexistent/pg_dump"}, env, {}, false, {}};
  CHECK(process::RunChild(missing).status().code() == StatusCode::kDatabase);
  CHECK(process::FindProgram("sh", "relative/bin:/bin") == fs::path("/bin/sh"));
  CHECK_FALSE(process::FindProgram("sh", "bin").has_value());
}

TEST_CASE("A pipeline passes stdout along and an interrupt ends its children") {
  TempDir dir;
  process::Environment env = process::CurrentEnvironment();
  std::vector<process::ChildCommand> stages = {
      {{"/bin/sh", "-c", "printf 'b\\na\\n'"}, env, {}, false, {}},
      {{"/usr/bin/sort"}, env, {}, true, {}},
  };
  auto results = process::RunPipeline(stages);
  REQUIRE(results.ok());
  CHECK((*results)[1].out == "a\nb\n");

  std::atomic<bool> interrupted{true};
  auto start = std::chrono::steady_clock::now();
  auto slow = process::RunChild({{"/bin/sleep", "30"}, env, {}, false, {}}, &interrupted);
  CHECK(slow.status().code() == StatusCode::kInterrupted);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

}  // namespace
}  // namespace rev::engine::operations
