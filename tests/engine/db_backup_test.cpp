// Backups on real databases, every kind under test: the files and manifest `rev backup`
// writes, the lock it takes, restores that give the backup back exactly, and the replay's
// targets (--to, a backup newer than the database).
#include <sys/stat.h>

#include "tests/support/backup_fixtures.h"
#include "tests/support/graph_literals.h"

namespace rev::testing {
namespace {

using engine::operations::ReplayJob;
using engine::operations::TargetSource;
namespace fs = std::filesystem;

int ModeOf(const fs::path& path) {
  struct stat info;
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return static_cast<int>(info.st_mode & 0777);
}

struct Fixture {
  explicit Fixture(engine::backends::DatabaseKind kind) : db(kind) {
    WriteRevisions(db.folder(), Chain(db));
    graph.emplace(LoadGraph(db.folder()));
    backend = db.Open();
  }
  Result<std::unique_ptr<ReplayJob>> Restore(const fs::path& backup, const std::string& to = "") {
    return ReplayJob::PrepareRestore(*backend, db.url(), {}, *graph, RequestFor(db, backup, to));
  }
  TestDatabase db;
  std::optional<engine::RevisionGraph> graph;
  std::unique_ptr<engine::backends::Backend> backend;
};

TEST_CASE("A backup and its manifest: heads, kind, size, SHA-256, mode 0600") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "c");
  engine::operations::BackupResult backup = BackupOf(p.db);
  std::string name = backup.file.filename().string();
  CHECK(backup.file.parent_path() == p.db.folder() / "backups");
  CHECK_THAT(name, Catch::Matches("backup_c_[0-9]{8}_[0-9]{6}\\.(sqlite|dump)"));
  CHECK_THAT(name, Catch::EndsWith(p.db.is_sqlite() ? ".sqlite" : ".dump"));
  CHECK(backup.manifest_file == fs::path(backup.file.string() + ".yaml"));
  CHECK(ModeOf(backup.file) == 0600);
  CHECK(ModeOf(backup.manifest_file) == 0600);

  auto manifest = engine::operations::ReadManifest(backup.file);
  Require(manifest.status());
  CHECK(manifest->file == name);
  CHECK(ToNames(manifest->heads) == Names{"c"});
  CHECK(manifest->kind == (p.db.is_sqlite() ? "sqlite" : "postgresql"));
  CHECK(manifest->database == p.db.url().Redacted());
  CHECK(manifest->rev_version == "test");
  CHECK(manifest->size == fs::file_size(backup.file));
  CHECK(manifest->sha256 == *engine::operations::Sha256OfFile(backup.file));
  CHECK_THAT(manifest->created_at, Catch::Matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{12}Z"));
  if (!p.db.url().password().empty()) {
    CHECK(ReadFile(backup.manifest_file).find(p.db.url().password()) == std::string::npos);
  }
  // Nothing else is left in the folder (no temporary files).
  CHECK(std::distance(fs::directory_iterator(backup.file.parent_path()), {}) == 2);
  auto listed = engine::operations::ListBackups(p.db.folder() / "backups");
  REQUIRE(listed->size() == 1);
  CHECK(listed->front().problem.empty());

  // A second backup in the same second gets a name of its own.
  engine::operations::BackupResult second = BackupOf(p.db);
  CHECK(second.file != backup.file);
  CHECK(engine::operations::ListBackups(p.db.folder() / "backups")->size() == 2);
}

TEST_CASE("backup -o FILE writes the backup there, replacing an older one") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "a");
  engine::operations::BackupRequest request;
  request.output = p.db.folder() / "out" / "mine.bak";
  request.folder = p.db.folder() / "unused";
  fs::create_directories(request.output.parent_path());
  WriteFile(request.output, "an older file");
  auto result = engine::operations::BackupDatabase(p.db.url(), {}, request);
  Require(result.status());
  CHECK(result->file == request.output);
  CHECK(fs::exists(p.db.folder() / "out" / "mine.bak.yaml"));
  CHECK_FALSE(fs::exists(request.folder));
  CHECK(engine::operations::VerifyBackup(request.output, kind).ok());
}

TEST_CASE("A backup waits for the migration lock, and says who holds it") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "a");
  Require(p.backend->AcquireMigrationLock(std::chrono::seconds(5)));
  engine::operations::BackupRequest request;
  request.folder = p.db.folder() / "backups";
  request.lock_timeout = std::chrono::milliseconds(300);
  auto result = engine::operations::BackupDatabase(p.db.url(), {}, request);
  CHECK(result.status().code() == StatusCode::kLockTimeout);
  CHECK_FALSE(fs::exists(request.folder));
}

TEST_CASE("Nothing to back up: an in-memory or missing SQLite database") {
  TempDir dir;
  for (const std::string text : {"sqlite://:memory:", "sqlite:///missing.db"}) {
    INFO(text);
    engine::operations::BackupRequest request;
    request.folder = dir / "backups";
    auto result = engine::operations::BackupDatabase(ParsedUrl(text, dir.path()), {}, request);
    CHECK(result.status().code() == StatusCode::kInvalidInput);
    CHECK_FALSE(fs::exists(dir / "missing.db"));
  }
}

TEST_CASE("replay --to none gives the backup back exactly: what came after it is gone") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "c");
  AddItems(p.db, 1, 20);
  std::vector<std::string> schema = p.db.Schema();
  Digest digest = DigestOf(p.db);
  auto namespaces = [&] {
    return p.db.Query(
        "SELECT nspname || ' ' || nspowner::regrole || ' ' || COALESCE(nspacl::text, '') || ' ' "
        "|| COALESCE(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace ORDER BY 1");
  };
  std::vector<std::string> schemas = p.db.is_sqlite() ? std::vector<std::string>() : namespaces();
  fs::path backup = BackupOf(p.db).file;

  Upgrade(p.db, *p.backend, *p.graph, "e");
  AddItems(p.db, 21, 30);
  p.db.Execute("CREATE TABLE made_later (x INTEGER)");
  if (!p.db.is_sqlite()) {
    p.db.Execute("CREATE SCHEMA later; CREATE TABLE later.t (x INTEGER); SELECT lo_create(0)");
  }
  auto job = p.Restore(backup, "none");
  Require(job.status());
  CHECK((*job)->preview().source == TargetSource::kRequested);
  CHECK((*job)->preview().plan.empty());
  Require((*job)->Run(nullptr, nullptr));
  job->reset();
  CHECK(p.db.Schema() == schema);
  CHECK(DigestOf(p.db) == digest);
  CHECK_FALSE(p.db.HasTable("made_later"));
  CHECK(Heads(*p.backend) == Names{"c"});
  if (!p.db.is_sqlite()) {
    CHECK(namespaces() == schemas);
    CHECK(p.db.Query("SELECT count(*) FROM pg_largeobject_metadata") == Names{"0"});
  }
}

TEST_CASE("replay --to REV replays up to REV, a target the backup already has replays nothing") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "b");
  fs::path backup = BackupOf(p.db).file;
  Upgrade(p.db, *p.backend, *p.graph, "e");

  SECTION("--to c") {
    auto job = p.Restore(backup, "c");
    Require(job.status());
    CHECK(StepNames((*job)->preview().plan) == Names{"c"});
    Require((*job)->Run(nullptr, nullptr));
    job->reset();
    CHECK(Heads(*p.backend) == Names{"c"});
  }
  SECTION("--to a") {
    auto job = p.Restore(backup, "a");
    Require(job.status());
    CHECK((*job)->preview().plan.empty());
  }
  SECTION("--to an unknown revision") {
    auto job = p.Restore(backup, "zzzz");
    CHECK(job.status().code() == StatusCode::kNotFound);
    CHECK(Heads(*p.backend) == Names{"e"});
  }
}

TEST_CASE("A backup newer than the database: the replay would downgrade, so --to decides") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "e");
  AddItems(p.db, 1, 3);
  fs::path backup = BackupOf(p.db).file;
  Require(Migrate(*p.backend, *p.graph, engine::Direction::kDowngrade, "b"));

  auto refused = p.Restore(backup);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == StatusCode::kRefused);
  CHECK_THAT(refused.status().message(),
             Catch::Contains("newer than the database was before the restore") &&
                 Catch::Contains("downgrade c, d, e"));
  CHECK_THAT(refused.status().hint(), Catch::Contains("--to none"));
  CHECK(Heads(*p.backend) == Names{"b"});

  auto job = p.Restore(backup, "none");
  Require(job.status());
  Require((*job)->Run(nullptr, nullptr));
  job->reset();
  CHECK(Heads(*p.backend) == Names{"e"});
  CHECK(DigestOf(p.db).rows == 3);
}

TEST_CASE("The lock is held from Prepare until the job ends") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Fixture p(kind);
  Upgrade(p.db, *p.backend, *p.graph, "b");
  fs::path backup = BackupOf(p.db).file;
  auto job = p.Restore(backup);
  Require(job.status());
  auto other = p.db.Open();
  CHECK(other->AcquireMigrationLock(std::chrono::milliseconds(200)).code() ==
        StatusCode::kLockTimeout);
  job->reset();
  Require(other->AcquireMigrationLock(std::chrono::seconds(5)));
  Require(other->ReleaseMigrationLock());
}

}  // namespace
}  // namespace rev::testing
