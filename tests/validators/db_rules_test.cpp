// The database rules of `rev validate --db` over a real folder and a database state as
// ReadDatabaseState returns it (a value: the rules never read a database themselves).
#include <catch2/catch.hpp>

#include "tests/support/graph_literals.h"
#include "tests/support/validate_project.h"
#include "validators/database_rules.h"

namespace rev::testing {
namespace {

using engine::backends::AppliedRevision;
using engine::backends::HistoryRow;
using engine::backends::StepStatus;
using validators::DatabaseFacts;
using validators::Findings;
using validators::Severity;

// Runs the database rules over `project`'s folder and `database`.
Findings CheckDatabase(const Project& project, const DatabaseFacts& database) {
  auto scan = revisions::ScanRevisionFolder(project.revisions_dir(), "revisions/");
  REQUIRE(scan.ok());
  validators::FolderFacts facts = validators::GatherFolderFacts(*scan, {});
  Findings findings;
  validators::ValidateDatabase(facts, database, &findings);
  validators::SortFindings(&findings);
  return findings;
}

// What the folder's revision `id` checksums to now.
std::string ChecksumOf(const Project& project, const std::string& id) {
  auto scan = revisions::ScanRevisionFolder(project.revisions_dir(), "revisions/");
  REQUIRE(scan.ok());
  for (const auto& revision : scan->revisions) {
    if (revision.id().str() == id) return revision.checksum().hex();
  }
  FAIL("no revision " << id);
  return "";
}

DatabaseFacts AppliedUpTo(const Project& project, const std::vector<std::string>& ids) {
  DatabaseFacts database;
  database.where = "sqlite:///app.db";
  database.state.has_version_table = true;
  database.state.heads = Ids({ids.back()});
  for (const std::string& id : ids) {
    database.state.applied.push_back({id, ChecksumOf(project, id), "2026-01-01T00:00:00.000Z"});
  }
  return database;
}

HistoryRow Row(const std::string& revision, StepStatus status) {
  HistoryRow row;
  row.id = 7;
  row.revision = revision;
  row.direction = "upgrade";
  row.status = status;
  row.transactional = status != StepStatus::kStarted;
  row.started_at = "2026-01-01T00:00:00.000Z";
  row.error = status == StepStatus::kStarted ? "" : "no such table: x";
  return row;
}

TEST_CASE("a database that matches its folder has no findings", "[validators][db]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  CHECK(CheckDatabase(p, AppliedUpTo(p, {"a1", "b2"})).empty());
  DatabaseFacts empty;
  CHECK(CheckDatabase(p, empty).empty());
}

TEST_CASE("changed and missing applied files are errors at their files", "[validators][db]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  DatabaseFacts database = AppliedUpTo(p, {"a1", "b2"});
  database.state.applied.push_back({"c3", std::string(64, '0'), "2026-01-01T00:00:00.000Z"});
  p.Revision(Rev("b2", {"a1"}).Upgrade("SELECT 2;"));  // rewritten after it was applied

  Findings findings = CheckDatabase(p, database);
  REQUIRE(Codes(findings) ==
          std::vector<std::string>{"applied-file-missing", "applied-file-changed"});
  CHECK(findings[0].severity == Severity::kError);
  CHECK_THAT(findings[0].message, Catch::Contains("c3") && Catch::Contains("no file"));
  CHECK(findings[1].location.file == "revisions/b2_revision_b2.sql");
  CHECK_THAT(findings[1].hint, Catch::Contains("rev repair"));
}

TEST_CASE("drift is found even when the folder is no graph", "[validators][db]") {
  Project p;
  p.Revision({"a1", {"b2"}});
  p.Revision({"b2", {"a1"}});  // a cycle: no graph can be built
  DatabaseFacts database = AppliedUpTo(p, {"a1"});
  database.state.applied[0].checksum = std::string(64, 'f');
  CHECK(Codes(CheckDatabase(p, database)) == std::vector<std::string>{"applied-file-changed"});
}

TEST_CASE("a database head the folder lacks is an error", "[validators][db]") {
  Project p;
  p.Revision("a1");
  DatabaseFacts database = AppliedUpTo(p, {"a1"});
  database.state.heads = Ids({"a1", "zz9"});
  Findings findings = CheckDatabase(p, database);
  REQUIRE(Codes(findings) == std::vector<std::string>{"unknown-database-head"});
  CHECK_THAT(findings[0].message, Catch::Contains("zz9") && Catch::Contains("ahead"));
}

TEST_CASE("a dirty step is an error, unless another rev is running it", "[validators][db]") {
  Project p;
  p.Revision("a1");
  p.Revision(Rev("b2", {"a1"}).NonTransactional());
  DatabaseFacts database = AppliedUpTo(p, {"a1"});
  database.state.dirty = Row("b2", StepStatus::kStarted);
  Findings dirty = CheckDatabase(p, database);
  REQUIRE(Codes(dirty) == std::vector<std::string>{"dirty-step"});
  CHECK(dirty[0].severity == Severity::kError);
  CHECK(dirty[0].location.file == "revisions/b2_revision_b2.sql");
  CHECK_THAT(dirty[0].message, Catch::Contains("never finished"));
  CHECK_THAT(dirty[0].hint, Catch::Contains("rev stamp") && Catch::Contains("rev repair"));

  database.lock_held = true;
  Findings running = CheckDatabase(p, database);
  REQUIRE(Codes(running) == std::vector<std::string>{"step-in-progress"});
  CHECK(running[0].severity == Severity::kWarning);

  // A failed non-transactional step is dirty whether or not a rev runs now.
  database.state.dirty = Row("b2", StepStatus::kFailed);
  database.state.last_failure = database.state.dirty;
  CHECK(Codes(CheckDatabase(p, database)) == std::vector<std::string>{"dirty-step"});
}

TEST_CASE("the last failed step is a warning", "[validators][db]") {
  Project p;
  p.Revision("a1");
  p.Revision({"b2", {"a1"}});
  DatabaseFacts database = AppliedUpTo(p, {"a1"});
  database.state.last_failure = Row("b2", StepStatus::kRolledBack);
  Findings findings = CheckDatabase(p, database);
  REQUIRE(Codes(findings) == std::vector<std::string>{"last-step-failed"});
  CHECK(findings[0].severity == Severity::kWarning);
  CHECK_THAT(findings[0].message, Catch::Contains("was rolled back"));
}

}  // namespace
}  // namespace rev::testing
