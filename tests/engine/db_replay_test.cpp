// Restore and replay on real databases, every kind under test: the cases users care about
// (SPEC §5). A database at b is backed up, goes on to e and gets more data; the restore puts
// b's data back exactly and replays c, d, e.
#include <atomic>
#include <optional>

#include "engine/operations/database_state.h"
#include "tests/support/backup_fixtures.h"
#include "tests/support/ctrl_c.h"
#include "tests/support/exit_checks.h"
#include "tests/support/graph_literals.h"
#include "tests/support/run_process.h"

namespace rev::testing {
namespace {

using engine::operations::ReplayJob;
using engine::operations::ReplayReport;
using engine::operations::TargetSource;
namespace fs = std::filesystem;

// The common start: revisions a..e; the database at b with items 1..5, backed up; then at e
// with items 6..8 written after the backup.
struct Scenario {
  explicit Scenario(engine::backends::DatabaseKind kind)
      : db(kind), graph(WriteGraph(db.folder(), Chain(db))) {
    auto backend = db.Open();
    Upgrade(db, *backend, graph, "b");
    AddItems(db, 1, 5);
    at_backup = DigestOf(db);
    backup = BackupOf(db).file;
    Upgrade(db, *backend, graph, "e");
    AddItems(db, 6, 8);
  }

  // A restore of the backup (to `to`, else where the database was), stopping when
  // `interrupted` is set.
  Result<std::unique_ptr<ReplayJob>> PrepareRestore(engine::backends::Backend& backend,
                                                    const std::string& to = "",
                                                    std::atomic<bool>* interrupted = nullptr) {
    engine::operations::ReplayRequest request = RequestFor(db, backup, to);
    request.migration.interrupted = interrupted;
    return ReplayJob::PrepareRestore(backend, db.url(), {}, graph, request);
  }

  // The database as the restore must not have touched it.
  void CheckUntouched() {
    auto backend = db.Open();
    CHECK(Heads(*backend) == Names{"e"});
    CHECK(DigestOf(db).rows == 8);
    CHECK(db.HasTable("e_t"));
  }

  TestDatabase db;
  engine::RevisionGraph graph;
  Digest at_backup;
  fs::path backup;
};

TEST_CASE("Restoring an old backup puts its data back and replays c, d, e in order") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  auto backend = s.db.Open();
  auto job = s.PrepareRestore(*backend);
  Require(job.status());
  const auto& preview = (*job)->preview();
  CHECK(preview.source == TargetSource::kPreRestore);
  REQUIRE(preview.heads_before);
  CHECK(ToNames(*preview.heads_before) == Names{"e"});
  CHECK(ToNames(preview.restored_heads) == Names{"b"});
  CHECK(StepNames(preview.plan) == Names{"c", "d", "e"});

  Recorder recorder;
  Digest after_restore;
  recorder.on_restored = [&] { after_restore = DigestOf(s.db); };
  ReplayReport report;
  Require((*job)->Run(&recorder, &report));
  CHECK(recorder.events == Names{"restore", "✓ c", "✓ d", "✓ e"});
  CHECK(report.restored);
  CHECK(report.steps_applied == 3);
  CHECK(report.steps_planned == 3);
  CHECK(ToNames(report.heads) == Names{"e"});
  CHECK(report.journal_problem.empty());
  job->reset();

  // The data written after the backup is gone, the backup's is back, exactly.
  CHECK(after_restore == s.at_backup);
  CHECK(DigestOf(s.db) == s.at_backup);
  CHECK(Heads(*backend) == Names{"e"});
  for (const char* table : {"b_t", "c_t", "d_t", "e_t"}) CHECK(s.db.HasTable(table));
  Names history = HistoryLines(*backend);
  CHECK(Names(history.end() - 3, history.end()) ==
        Names{"c upgrade applied", "d upgrade applied", "e upgrade applied"});
  auto journal = engine::operations::FindLastEntry(engine::operations::JournalPath(s.db.folder()),
                                                   engine::operations::JournalKey(s.db.url()));
  REQUIRE(journal.last.has_value());
  CHECK(journal.last->command == "replay");
  CHECK(ToNames(journal.last->heads) == Names{"e"});
  CHECK_FALSE(journal.last->unfinished());
}

TEST_CASE("A recent backup: nothing to replay, the data is the backup's") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  s.backup = BackupOf(s.db).file;  // at e, items 1..8
  Digest at_recent = DigestOf(s.db);
  AddItems(s.db, 9, 12);
  auto backend = s.db.Open();
  auto job = s.PrepareRestore(*backend);
  Require(job.status());
  CHECK((*job)->preview().plan.empty());
  Recorder recorder;
  Require((*job)->Run(&recorder, nullptr));
  CHECK(recorder.events == Names{"restore"});
  job->reset();
  CHECK(DigestOf(s.db) == at_recent);
  CHECK(Heads(*backend) == Names{"e"});
}

TEST_CASE("A backup of a database with no history replays every revision") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  TestDatabase db(kind);
  auto graph = WriteGraph(db.folder(), Chain(db));
  auto backend = db.Open();
  if (db.is_sqlite()) db.Execute("CREATE TABLE app_own (x INTEGER)");  // the file must exist
  fs::path backup = BackupOf(db).file;
  CHECK(backup.filename().string().rfind("backup_base_", 0) == 0);
  Upgrade(db, *backend, graph, "e");
  auto job = ReplayJob::PrepareRestore(*backend, db.url(), {}, graph, RequestFor(db, backup));
  Require(job.status());
  CHECK((*job)->preview().restored_heads.empty());
  CHECK(StepNames((*job)->preview().plan) == Names{"a", "b", "c", "d", "e"});
  ReplayReport report;
  Require((*job)->Run(nullptr, &report));
  CHECK(report.steps_applied == 5);
  job->reset();
  CHECK(Heads(*backend) == Names{"e"});
}

TEST_CASE("A fresh database gets the backup as it is: there is nothing to return to") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  TestDatabase fresh(kind);
  auto backend = fresh.Open();
  auto job =
      ReplayJob::PrepareRestore(*backend, fresh.url(), {}, s.graph, RequestFor(fresh, s.backup));
  Require(job.status());
  CHECK((*job)->preview().source == TargetSource::kNothingBefore);
  REQUIRE((*job)->preview().heads_before);
  CHECK(ToNames(*(*job)->preview().heads_before) == Names{});
  CHECK((*job)->preview().plan.empty());
  Require((*job)->Run(nullptr, nullptr));
  job->reset();
  CHECK(Heads(*backend) == Names{"b"});
  CHECK(DigestOf(fresh) == s.at_backup);
}

TEST_CASE("A revision file missing for a planned step is refused before the restore") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  fs::remove(s.db.folder() / "revisions" / "e_revision_e.sql");
  auto graph = LoadGraph(s.db.folder());
  auto backend = s.db.Open();
  auto job = ReplayJob::PrepareRestore(*backend, s.db.url(), {}, graph, RequestFor(s.db, s.backup));
  REQUIRE_FALSE(job.ok());
  CHECK(job.status().code() == StatusCode::kRefused);
  CHECK_THAT(job.status().message(), Catch::Contains("revision e") && Catch::Contains("file"));
  backend.reset();
  s.CheckUntouched();
}

TEST_CASE("A replayed revision that fails stops the replay at the last good revision") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  ChainAt c(kind, "c");
  TestDatabase& db = c.db;
  AddItems(db, 1, 2, "dup");
  db.Execute("UPDATE items SET name = 'same'");  // d's unique index cannot be built on this
  fs::path backup = BackupOf(db).file;
  db.Execute("DELETE FROM items WHERE id = 2");
  Upgrade(db, *c.backend, c.graph, "e");

  auto job = c.PrepareRestore(backup);
  Require(job.status());
  CHECK(StepNames((*job)->preview().plan) == Names{"d", "e"});
  Recorder recorder;
  ReplayReport report;
  Status status = (*job)->Run(&recorder, &report);
  CHECK(status.code() == StatusCode::kDatabase);
  CHECK_THAT(status.message(), Catch::Contains("upgrade of d failed"));
  REQUIRE(status.location().has_value());
  CHECK_THAT(status.location()->file, Catch::Contains("d_revision_d.sql"));
  CHECK(recorder.events == Names{"restore", "✗ d"});
  CHECK(report.steps_applied == 0);
  CHECK(ToNames(report.heads) == Names{"c"});
  job->reset();
  CHECK(Heads(*c.backend) == Names{"c"});
  CHECK(DigestOf(db).rows == 2);
  CHECK_FALSE(db.HasTable("d_t"));
  auto journal = engine::operations::FindLastEntry(engine::operations::JournalPath(db.folder()),
                                                   engine::operations::JournalKey(db.url()));
  REQUIRE(journal.last.has_value());
  CHECK(ToNames(journal.last->heads) == Names{"c"});
  CHECK(journal.last->unfinished());
}

TEST_CASE("A corrupt, truncated or mismatched backup is refused and the database is untouched") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  std::string bytes = ReadFile(s.backup);
  std::string manifest = ReadFile(engine::operations::ManifestPathFor(s.backup));
  fs::path copy = s.db.folder() / "copy" / s.backup.filename();
  struct Case {
    std::string name;
    std::function<void()> damage;
    std::string says;
  };
  std::string other_kind = s.db.is_sqlite() ? "postgresql" : "sqlite";
  std::string flipped = bytes;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x5a);
  std::string kind_line = "kind: " + std::string(s.db.is_sqlite() ? "sqlite" : "postgresql");
  std::vector<Case> cases = {
      {"a flipped byte", [&] { WriteFile(copy, flipped); }, "does not match its manifest"},
      {"truncated", [&] { WriteFile(copy, bytes.substr(0, bytes.size() / 2)); }, "truncated"},
      {"no manifest", [&] { fs::remove(engine::operations::ManifestPathFor(copy)); },
       "has no manifest"},
      {"a manifest of another backup",
       [&] {
         std::string other = manifest;
         other.replace(other.find("sha256: ") + 8, 64, std::string(64, '0'));
         WriteFile(engine::operations::ManifestPathFor(copy), other);
       },
       "does not match its manifest"},
      {"the other kind",
       [&] {
         std::string other = manifest;
         other.replace(other.find(kind_line), kind_line.size(), "kind: " + other_kind);
         WriteFile(engine::operations::ManifestPathFor(copy), other);
       },
       "is of a " + other_kind + " database"},
      {"missing", [&] { fs::remove(copy); }, "no backup file"},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    WriteFile(copy, bytes);
    WriteFile(engine::operations::ManifestPathFor(copy), manifest);
    c.damage();
    auto backend = s.db.Open();
    auto job = ReplayJob::PrepareRestore(*backend, s.db.url(), {}, s.graph, RequestFor(s.db, copy));
    REQUIRE_FALSE(job.ok());
    CHECK(job.status().code() == StatusCode::kInvalidInput);
    CHECK_THAT(job.status().message(), Catch::Contains(c.says));
    backend.reset();
    s.CheckUntouched();
  }
}

TEST_CASE("A database restored by hand, then replay FILE: from the journal's heads") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  {
    auto backend = s.db.Open();
    auto refused =
        ReplayJob::PrepareReplay(*backend, s.db.url(), {}, s.graph, RequestFor(s.db, s.backup));
    REQUIRE_FALSE(refused.ok());  // at e: not restored from the backup at b
    CHECK(refused.status().code() == StatusCode::kRefused);
    CHECK_THAT(refused.status().message(), Catch::Contains("not restored from this backup"));
  }
  if (s.db.is_sqlite()) {
    ProcessResult restored = RunProcess(
        {"sqlite3", s.db.sqlite_file().string(), ".restore '" + s.backup.string() + "'"});
    REV_REQUIRE_EXIT(restored, 0);
  } else {
    s.db.Execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
    ProcessResult restored =
        RunProcess({"pg_restore", "--no-owner", "-d", s.db.url_text(), s.backup.string()});
    REV_REQUIRE_EXIT(restored, 0);
  }
  auto backend = s.db.Open();
  REQUIRE(Heads(*backend) == Names{"b"});
  auto job =
      ReplayJob::PrepareReplay(*backend, s.db.url(), {}, s.graph,
                               RequestFor(s.db, engine::operations::ManifestPathFor(s.backup)));
  Require(job.status());
  CHECK_FALSE((*job)->preview().restore);
  CHECK((*job)->preview().source == TargetSource::kJournal);
  CHECK(StepNames((*job)->preview().plan) == Names{"c", "d", "e"});
  Recorder recorder;
  Require((*job)->Run(&recorder, nullptr));
  CHECK(recorder.events == Names{"✓ c", "✓ d", "✓ e"});
  job->reset();
  CHECK(Heads(*backend) == Names{"e"});
  CHECK(DigestOf(s.db) == s.at_backup);
}

// The replay of d waits on slow_config.n (seconds on PostgreSQL, a count on SQLite): a
// backup taken with it high, a restore interrupted there.
struct Interrupted {
  explicit Interrupted(engine::backends::DatabaseKind kind) : s(kind) {
    auto backend = s.db.Open();
    Require(Migrate(*backend, s.graph, engine::Direction::kDowngrade, "b"));
    s.db.Execute(s.db.is_sqlite() ? "UPDATE slow_config SET n = 2000000000"
                                  : "UPDATE slow_config SET n = 60");
    s.at_backup = DigestOf(s.db);
    s.backup = BackupOf(s.db).file;
    s.db.Execute("UPDATE slow_config SET n = 0");
    Upgrade(s.db, *backend, s.graph, "e");
  }
  Scenario s;
};

TEST_CASE("Ctrl-C during the replay rolls the running revision back, a second restore finishes") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Interrupted fixture(kind);
  Scenario& s = fixture.s;
  {
    auto backend = s.db.Open();
    std::atomic<bool> interrupted{false};
    auto job = s.PrepareRestore(*backend, "", &interrupted);
    Require(job.status());
    std::optional<CtrlC> ctrl_c;
    Recorder recorder;
    recorder.on_step_start = [&](const std::string& revision) {
      if (revision == "d") ctrl_c.emplace(*backend, &interrupted);
    };
    auto started = std::chrono::steady_clock::now();
    ReplayReport report;
    Status status = (*job)->Run(&recorder, &report);
    ctrl_c.reset();
    CHECK(status.code() == StatusCode::kInterrupted);
    CHECK_THAT(status.message(), Catch::Contains("rolled back"));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(30));
    CHECK(recorder.events == Names{"restore", "✓ c", "⚠ d"});
    CHECK(ToNames(report.heads) == Names{"c"});
  }
  auto backend = s.db.Open();
  CHECK(Heads(*backend) == Names{"c"});
  CHECK_FALSE(s.db.HasTable("d_t"));
  CHECK(HistoryLines(*backend).back() == "d upgrade rolled_back");

  SECTION("a second restore goes on to where the first was heading") {
    auto job = s.PrepareRestore(*backend);
    Require(job.status());
    REQUIRE((*job)->preview().heads_before);
    CHECK(ToNames(*(*job)->preview().heads_before) == Names{"c"});
    CHECK((*job)->preview().resumes);
    CHECK(StepNames((*job)->preview().plan) == Names{"c", "d", "e"});
    Recorder recorder;
    recorder.on_restored = [&] { s.db.Execute("UPDATE slow_config SET n = 0"); };
    Require((*job)->Run(&recorder, nullptr));
    job->reset();
    CHECK(Heads(*backend) == Names{"e"});
    CHECK(DigestOf(s.db) == s.at_backup);
  }
  SECTION("an upgrade finishes it too") {
    s.db.Execute("UPDATE slow_config SET n = 0");
    Upgrade(s.db, *backend, s.graph, "head");
    CHECK(Heads(*backend) == Names{"e"});
    CHECK(DigestOf(s.db) == s.at_backup);
  }
}

TEST_CASE("Ctrl-C during the restore itself leaves the database as it was") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  Scenario s(kind);
  auto backend = s.db.Open();
  std::atomic<bool> interrupted{false};
  auto job = s.PrepareRestore(*backend, "", &interrupted);
  Require(job.status());
  interrupted.store(true);
  ReplayReport report;
  Status status = (*job)->Run(nullptr, &report);
  CHECK(status.code() == StatusCode::kInterrupted);
  CHECK_THAT(status.message(), Catch::Contains("as it was"));
  CHECK_FALSE(report.restored);
  job->reset();
  backend.reset();
  s.CheckUntouched();
}

}  // namespace
}  // namespace rev::testing
