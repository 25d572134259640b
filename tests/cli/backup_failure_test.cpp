// A backup that fails leaves nothing half-made behind (SPEC §5): no file under the final
// name, no temporary file, and a backup that is there always has its own manifest beside
// it. Through the built binary, on every kind of database under test.
//
// The tests run as root in CI, where no folder can be made unwritable; the failures here
// are ones permissions do not decide: a name taken by a folder, a folder that is not
// there, a pg_dump whose session is ended part way.
#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>

#include "engine/operations/backup.h"
#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/graph_literals.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;
namespace fs = std::filesystem;

// The names in `folder`, hidden ones too, sorted.
Lines NamesIn(const fs::path& folder) {
  Lines names;
  if (!fs::exists(folder)) return names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool HasTemporaryFile(const fs::path& folder) {
  Lines names = NamesIn(folder);
  return std::any_of(names.begin(), names.end(), [](const std::string& name) {
    return name.find(".tmp-") != std::string::npos;
  });
}

// a -> b written, the database upgraded to a.
void UpgradeToA(DbProject& p) {
  p.Write(TableChain(2));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
}

// `rev backup -o out/db.bak` on a project at a, with out/`taken` a folder that is not empty.
ProcessResult BackupOverFolder(DbProject& p, const std::string& taken) {
  UpgradeToA(p);
  WriteFile(p.root() / "out" / taken / "keep", "");
  return p.Rev({"backup", "-o", "out/db.bak"});
}

TEST_CASE("A backup whose manifest cannot be put in place leaves no backup behind",
          "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  // The manifest's name is taken: renaming onto a folder that is not empty fails.
  ProcessResult result = BackupOverFolder(p, "db.bak.yaml");
  REV_REQUIRE_EXIT(result, 1);
  CHECK_THAT(result.err, Contains("cannot rename the manifest into place") &&
                             Contains("the backup was removed again"));
  CHECK(NamesIn(p.root() / "out") == Lines{"db.bak.yaml"});
  CHECK(NamesIn(p.root() / "out" / "db.bak.yaml") == Lines{"keep"});
}

TEST_CASE("A backup whose own name is taken by a folder is refused, writing nothing",
          "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  ProcessResult result = BackupOverFolder(p, "db.bak");
  REV_REQUIRE_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("out/db.bak is a folder") && Contains("--output"));
  CHECK(NamesIn(p.root() / "out") == Lines{"db.bak"});
  CHECK(NamesIn(p.root() / "out" / "db.bak") == Lines{"keep"});
}

TEST_CASE("A backup into a folder that is not there is refused, creating nothing",
          "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  UpgradeToA(p);
  WriteFile(p.root() / "plain_file", "");
  ProcessResult missing = p.Rev({"backup", "-o", "missing/db.bak"});
  REV_CHECK_EXIT(missing, 2);
  CHECK_THAT(missing.err, Contains("cannot write the backup") && Contains("missing/db.bak") &&
                              Contains("does not exist") && Contains("mkdir -p"));
  CHECK_THAT(missing.err, !Contains(".tmp-"));
  ProcessResult not_folder = p.Rev({"backup", "-o", "plain_file/db.bak"});
  REV_CHECK_EXIT(not_folder, 2);
  CHECK_THAT(not_folder.err, Contains("plain_file is not a folder"));
  CHECK_FALSE(fs::exists(p.root() / "missing"));
  CHECK(ReadFile(p.root() / "plain_file").empty());
  CHECK_FALSE(HasTemporaryFile(p.root()));
}

TEST_CASE("rev backup -o over an older backup replaces its manifest too", "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  UpgradeToA(p);
  fs::create_directories(p.root() / "out");
  REV_REQUIRE_EXIT(p.Rev({"backup", "-o", "out/db.bak"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"backup", "-o", "out/db.bak"}), 0);

  CHECK(NamesIn(p.root() / "out") == Lines{"db.bak", "db.bak.yaml"});  // nothing set aside
  auto manifest = engine::operations::ReadManifest(p.root() / "out" / "db.bak");
  REQUIRE(manifest.ok());
  CHECK(ToNames(manifest->heads) == Names{"b"});
  auto sha256 = engine::operations::Sha256OfFile(p.root() / "out" / "db.bak");
  REQUIRE(sha256.ok());
  CHECK(manifest->sha256 == *sha256);
}

TEST_CASE("A pg_dump that fails part way leaves neither the backup nor a temporary file",
          "[cli][db][backup][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  UpgradeToA(p);
  // pg_dump waits for a table another session keeps locked, its file already begun.
  BackgroundProcess busy({"psql", "-X", "-q", "-d", p.db().url_text(), "-c",
                          "BEGIN; LOCK TABLE t1 IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60);"},
                         p.Options());
  REQUIRE(WaitUntil([&] { return LongStepRunning(p); }));
  auto backup = p.Start({"backup"});
  const std::string waiting_dump =
      "FROM pg_stat_activity WHERE datname = current_database() AND "
      "application_name = 'pg_dump' AND wait_event_type = 'Lock'";
  REQUIRE(WaitUntil([&] {
    return HasTemporaryFile(p.root() / "backups") &&
           p.Query("SELECT count(*) " + waiting_dump) == Lines{"1"};
  }));

  p.db().Execute("SELECT pg_terminate_backend(pid) " + waiting_dump);
  ProcessResult result = backup->Wait(60);
  p.db().Execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
      "current_database() AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'");
  busy.Wait();
  REV_REQUIRE_EXIT(result, 1);
  CHECK_THAT(result.err, Contains("pg_dump"));
  CHECK(NamesIn(p.root() / "backups").empty());
}

TEST_CASE("A backup of a PostgreSQL database that does not exist writes nothing",
          "[cli][db][backup][postgres]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  p.Write(TableChain(2));
  std::string url = p.db().url_text();
  std::string missing = url.substr(0, url.rfind('/') + 1) + "rev_no_such_database";
  ProcessResult result = p.Rev({"backup", "-d", missing});
  REV_CHECK_EXIT(result, 1);
  CHECK_THAT(result.err, Contains("rev_no_such_database"));
  CHECK_FALSE(fs::exists(p.root() / "backups"));
  const std::string password = p.db().url().password();
  if (!password.empty()) CHECK_THAT(result.out + result.err, !Contains(password));
}

}  // namespace
}  // namespace rev::testing
