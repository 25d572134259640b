// `rev backup`, `rev backup list`, `rev backup prune` and `rev upgrade --backup` through the
// built binary, on every kind of database under test.
#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/support/chains.h"
#include "tests/support/db_project.h"
#include "tests/support/json_output.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using Catch::Matches;
namespace fs = std::filesystem;

std::vector<fs::path> FilesIn(const fs::path& folder) {
  std::vector<fs::path> files;
  if (!fs::exists(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("rev backup prints the backup's path, the manifest is beside it", "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(ItemsChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  ProcessResult result = p.Rev({"backup"});
  REV_REQUIRE_EXIT(result, 0);
  std::string ext = p.db().is_sqlite() ? "sqlite" : "dump";
  CHECK_THAT(result.out, Contains("Backed up") && Contains("at b"));
  CHECK_THAT(result.out, Matches("(.|\n)*\nbackups/backup_b_[0-9]{8}_[0-9]{6}\\." + ext + "\n"));
  Lines files;
  for (const fs::path& file : FilesIn(p.root() / "backups"))
    files.push_back(file.filename().string());
  REQUIRE(files.size() == 2);
  CHECK_THAT(files[1], Matches("backup_b_.*\\." + ext + "\\.yaml"));
  std::string manifest = ReadFile(p.root() / "backups" / files[1]);
  CHECK_THAT(manifest, Contains("heads: [b]") && Contains("sha256: ") && Contains("kind: "));
  if (!p.db().url().password().empty()) {
    CHECK(manifest.find(p.db().url().password()) == std::string::npos);
    CHECK(result.out.find(p.db().url().password()) == std::string::npos);
  }

  auto json = JsonOf(p.Rev({"backup", "--json"}));
  CHECK(json["heads"] == nlohmann::json::array({"b"}));
  CHECK(json["file"].get<std::string>().rfind("backups/backup_b_", 0) == 0);
  CHECK(json["sha256"].get<std::string>().size() == 64);
}

TEST_CASE("rev backup -o FILE, list with heads and age, prune --keep N", "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(ItemsChain(3));
  REV_REQUIRE_EXIT(p.Rev({"backup", "list"}), 0);
  CHECK_THAT(p.Rev({"backup", "list"}).out, Contains("No backups"));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"backup"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "b"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"backup", "-o", "backups/named.bak"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "c"}), 0);
  REV_REQUIRE_EXIT(p.Rev({"backup"}), 0);
  CHECK(fs::exists(p.root() / "backups" / "named.bak.yaml"));

  ProcessResult list = p.Rev({"backup", "list"});
  REV_REQUIRE_EXIT(list, 0);
  Lines lines = SplitLines(list.out);
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Contains("backups/backup_a_") && Contains("heads a, ") && Contains("s ago"));
  CHECK_THAT(lines[1], Contains("backups/named.bak") && Contains("heads b, "));
  CHECK_THAT(lines[2], Contains("backups/backup_c_") && Contains("heads c, "));
  auto json = JsonOf(p.Rev({"backup", "list", "--json"}));
  REQUIRE(json["backups"].size() == 3);
  CHECK(json["backups"][2]["heads"] == nlohmann::json::array({"c"}));
  CHECK(json["backups"][2]["problem"].is_null());

  ProcessResult prune = p.Rev({"backup", "prune", "--keep", "1"});
  REV_REQUIRE_EXIT(prune, 0);
  CHECK_THAT(prune.out,
             Contains("Removed backups/backup_a_") && Contains("Removed backups/named.bak"));
  CHECK(FilesIn(p.root() / "backups").size() == 2);
  REV_CHECK_EXIT(p.Rev({"backup", "prune"}), 2);  // --keep is required
}

TEST_CASE("rev backup refuses what it cannot back up, leaving nothing behind", "[cli][backup]") {
  DbProject p(engine::backends::DatabaseKind::kSqlite);
  p.Write(ItemsChain(3));
  ProcessResult result = p.Rev({"backup"});  // the database file does not exist yet
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("no SQLite database at"));
  CHECK_FALSE(fs::exists(p.db().sqlite_file()));
  CHECK_FALSE(fs::exists(p.root() / "backups"));
}

TEST_CASE("rev upgrade --backup backs up before the first step and names the backup",
          "[cli][db][backup]") {
  auto kind = GENERATE(from_range(DatabaseKindsUnderTest()));
  DbProject p(kind);
  p.Write(ItemsChain(3));
  REV_REQUIRE_EXIT(p.Rev({"upgrade", "a"}), 0);
  ProcessResult result = p.Rev({"upgrade", "--backup"});
  REV_REQUIRE_EXIT(result, 0);
  CHECK_THAT(result.out, Contains("backups/backup_a_"));
  std::vector<fs::path> files = FilesIn(p.root() / "backups");
  REQUIRE(files.size() == 2);
  CHECK_THAT(ReadFile(files[1]), Contains("heads: [a]"));
}

}  // namespace
}  // namespace rev::testing
