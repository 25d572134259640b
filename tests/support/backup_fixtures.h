// What the backup and replay suites share: a chain of revisions with a table of data, a
// digest of that table, and a ReplayObserver that records what it hears.
#pragma once

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "engine/operations/backup.h"
#include "engine/operations/journal.h"
#include "engine/operations/replay.h"
#include "revisions/checksum.h"
#include "tests/support/chains.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// a..e, each after the one before. a makes `items` (the data) and `slow_config` (n: how long
// d's first statement takes, 0 by default), b, c and e a table each, d a slow statement, a
// table and a unique index on items(name), which fails when names repeat.
inline std::vector<Rev> Chain(const TestDatabase& db) {
  std::string slow =
      db.is_sqlite()
          ? "CREATE TABLE d_t AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "WHERE x < (SELECT n FROM slow_config)) SELECT max(x) AS m FROM c;"
          : "SELECT pg_sleep((SELECT n FROM slow_config));\nCREATE TABLE d_t (m INTEGER);";
  return {
      {"a",
       {},
       "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n"
       "CREATE TABLE slow_config (n BIGINT NOT NULL);\nINSERT INTO slow_config VALUES (0);",
       "DROP TABLE slow_config;\nDROP TABLE items;"},
      {"b", {"a"}, "CREATE TABLE b_t (x INTEGER);", "DROP TABLE b_t;"},
      {"c", {"b"}, "CREATE TABLE c_t (x INTEGER);", "DROP TABLE c_t;"},
      {"d",
       {"c"},
       slow + "\nCREATE UNIQUE INDEX items_name ON items (name);",
       "DROP INDEX items_name;\nDROP TABLE d_t;"},
      {"e", {"d"}, "CREATE TABLE e_t (x INTEGER);", "DROP TABLE e_t;"},
  };
}

// `rev upgrade TARGET` as the CLI runs it: the plan, then the journal.
inline void Upgrade(const TestDatabase& db, engine::backends::Backend& backend,
                    const engine::RevisionGraph& graph, const std::string& target) {
  Require(Migrate(backend, graph, engine::Direction::kUpgrade, target));
  Require(engine::operations::RecordChange(engine::operations::JournalPath(db.folder()), db.url(),
                                           "upgrade", backend.ReadHeads().value()));
}

// A table's rows and a SHA-256 over all of them, in id order.
struct Digest {
  size_t rows = 0;
  std::string sha256;
  bool operator==(const Digest& other) const {
    return rows == other.rows && sha256 == other.sha256;
  }
};
inline std::ostream& operator<<(std::ostream& out, const Digest& digest) {
  return out << digest.rows << " rows, " << digest.sha256;
}
inline Digest DigestOf(const TestDatabase& db, const std::string& table = "items") {
  std::vector<std::string> rows =
      db.Query("SELECT id || ':' || name FROM " + table + " ORDER BY id");
  std::string all;
  for (const std::string& row : rows) all += row + "\n";
  return {rows.size(), revisions::Checksum::Of(all).hex()};
}

inline engine::operations::BackupResult BackupOf(const TestDatabase& db) {
  engine::operations::BackupRequest request;
  request.folder = db.folder() / "backups";
  request.rev_version = "test";
  request.lock_timeout = std::chrono::seconds(5);
  auto result = engine::operations::BackupDatabase(db.url(), {}, request);
  INFO(result.status().ToString());
  REQUIRE(result.ok());
  return std::move(result).value();
}

inline engine::operations::ReplayRequest RequestFor(const TestDatabase& db,
                                                    const std::filesystem::path& backup,
                                                    const std::string& to = "") {
  engine::operations::ReplayRequest request;
  request.backup = backup;
  // --to as `rev restore` reads it: empty is pre-restore, `none`, or a target.
  using Kind = engine::operations::ReplayTarget::Kind;
  if (to == "none") request.to.kind = Kind::kNone;
  if (!to.empty() && to != "none") {
    auto target = engine::ParseTarget(to);
    REQUIRE(target.ok());
    request.to = {Kind::kTarget, *target};
  }
  request.journal = engine::operations::JournalPath(db.folder());
  request.lock_timeout = std::chrono::seconds(5);
  request.migration = TestOptions();
  return request;
}

// Hears a restore and a replay: "restore", then "✓ c", "✗ d", "⚠ d" (rolled back) lines.
class Recorder : public engine::operations::ReplayObserver {
 public:
  std::vector<std::string> events;
  std::function<void()> on_restored;                      // after the restore
  std::function<void(const std::string&)> on_step_start;  // the revision starting

  void RestoreStarting(const engine::operations::ReplayPreview&) override {
    events.push_back("restore");
  }
  void RestoreFinished(const engine::RevisionIds&, std::chrono::milliseconds) override {
    if (on_restored) on_restored();
  }
  void StepStarting(const engine::Step& step, const engine::Revision&) override {
    if (on_step_start) on_step_start(step.revision.str());
  }
  void StepFinished(const engine::Step& step, const engine::Revision&,
                    engine::backends::StepStatus status, std::chrono::milliseconds,
                    const Status&) override {
    const char* mark = status == engine::backends::StepStatus::kApplied      ? "✓ "
                       : status == engine::backends::StepStatus::kRolledBack ? "⚠ "
                                                                             : "✗ ";
    events.push_back(mark + step.revision.str());
  }
};

// A fresh database with Chain(db) in its folder, upgraded to `target` as `rev upgrade` does,
// and the backend that did it, still open (Close() for a test that needs it shut).
struct ChainAt {
  ChainAt(engine::backends::DatabaseKind kind, const std::string& target)
      : db(kind), graph(WriteGraph(db.folder(), Chain(db))), backend(db.Open()) {
    Upgrade(db, *backend, graph, target);
  }
  void Close() { backend.reset(); }
  // A restore of `backup` (RequestFor), through `backend`.
  Result<std::unique_ptr<engine::operations::ReplayJob>> PrepareRestore(
      const std::filesystem::path& backup, const std::string& to = "") {
    return engine::operations::ReplayJob::PrepareRestore(*backend, db.url(), {}, graph,
                                                         RequestFor(db, backup, to));
  }

  TestDatabase db;
  engine::RevisionGraph graph;
  std::unique_ptr<engine::backends::Backend> backend;
};

}  // namespace rev::testing
