// The local journal (.rev/journal.jsonl): one JSON line per change, keyed by the redacted
// database URL, and a reader that never fails on a damaged or missing journal.
#include "engine/operations/journal.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/graph_literals.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseUrl;
using engine::operations::AppendJournal;
using engine::operations::FindLastEntry;
using engine::operations::JournalEntry;
using engine::operations::JournalKey;
using engine::operations::JournalLookup;
using engine::operations::JournalPath;
using engine::operations::RecordChange;

TEST_CASE("RecordChange appends one JSON line with the heads, keyed by the redacted URL") {
  TempDir dir;
  DatabaseUrl url = ParsedUrl("postgresql://app:hunter2@db.example/prod", dir.path());
  REQUIRE(RecordChange(JournalPath(dir.path()), url, "upgrade", Ids({"b2", "a1"})).ok());
  REQUIRE(RecordChange(JournalPath(dir.path()), url, "downgrade", Ids({"a1"})).ok());

  std::filesystem::path journal = JournalPath(dir.path());
  CHECK(journal == dir.path() / ".rev" / "journal.jsonl");
  std::string text = ReadFile(journal);
  CHECK(text.find("hunter2") == std::string::npos);
  std::vector<std::string> lines = SplitLines(text);
  REQUIRE(lines.size() == 2);
  auto first = nlohmann::json::parse(lines[0]);
  CHECK(first["database"] == "postgresql://app:***@db.example/prod");
  CHECK(first["kind"] == "postgresql");
  CHECK(first["command"] == "upgrade");
  CHECK(first["heads"] == nlohmann::json::array({"a1", "b2"}));
  CHECK(first["time"].get<std::string>().size() == 24);  // 2026-11-22T10:04:00.123Z
  CHECK_FALSE(first.contains("target"));

  struct stat info;
  REQUIRE(::stat(journal.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);

  JournalLookup lookup = FindLastEntry(journal, JournalKey(url));
  CHECK(lookup.problem.empty());
  REQUIRE(lookup.last.has_value());
  CHECK(lookup.last->command == "downgrade");
  CHECK(ToNames(lookup.last->heads) == Names{"a1"});
}

TEST_CASE("A SQLite database is keyed by its absolute path, however the URL names it") {
  TempDir dir;
  DatabaseUrl relative = ParsedUrl("sqlite:///data/app.db", dir.path());
  DatabaseUrl absolute =
      ParsedUrl("sqlite:///" + (dir.path() / "data" / "app.db").string(), "/elsewhere");
  CHECK(JournalKey(relative) == JournalKey(absolute));
  CHECK(JournalKey(relative) == "sqlite:///" + (dir.path() / "data" / "app.db").string());
  REQUIRE(RecordChange(JournalPath(dir.path()), relative, "stamp", Ids({"c3"})).ok());
  JournalLookup lookup = FindLastEntry(JournalPath(dir.path()), JournalKey(absolute));
  REQUIRE(lookup.last.has_value());
  CHECK(ToNames(lookup.last->heads) == Names{"c3"});
}

TEST_CASE("The last entry is per database, other databases' lines are passed over") {
  TempDir dir;
  DatabaseUrl one = ParsedUrl("sqlite:///one.db", dir.path());
  DatabaseUrl two = ParsedUrl("sqlite:///two.db", dir.path());
  REQUIRE(RecordChange(JournalPath(dir.path()), one, "upgrade", Ids({"a"})).ok());
  REQUIRE(RecordChange(JournalPath(dir.path()), two, "upgrade", Ids({"x"})).ok());
  REQUIRE(RecordChange(JournalPath(dir.path()), one, "upgrade", Ids({"b"})).ok());
  REQUIRE(RecordChange(JournalPath(dir.path()), two, "upgrade", Ids({"y"})).ok());
  CHECK(ToNames(FindLastEntry(JournalPath(dir.path()), JournalKey(one)).last->heads) == Names{"b"});
  CHECK(ToNames(FindLastEntry(JournalPath(dir.path()), JournalKey(two)).last->heads) == Names{"y"});
  CHECK_FALSE(FindLastEntry(JournalPath(dir.path()), "sqlite:////nowhere.db").last.has_value());
}

TEST_CASE("A missing or damaged journal is reported, never fatal") {
  TempDir dir;
  std::filesystem::path journal = JournalPath(dir.path());
  JournalLookup missing = FindLastEntry(journal, "sqlite:////x.db");
  CHECK_FALSE(missing.last.has_value());
  CHECK_THAT(missing.problem, Catch::Contains("no journal"));

  WriteFile(journal,
            "{\"time\":\"t1\",\"database\":\"k\",\"kind\":\"sqlite\",\"command\":\"upgrade\","
            "\"heads\":[\"a\"]}\n"
            "not json at all\n"
            "{\"time\":\"t2\",\"database\":\"k\",\"kind\":\"sqlite\",\"command\":\"upgrade\","
            "\"heads\":\"b\"}\n"
            "{\"time\":\"t3\",\"database\":\"k\",\"kind\":\"sqlite\",\"command\":\"upg");  // torn
  JournalLookup damaged = FindLastEntry(journal, "k");
  REQUIRE(damaged.last.has_value());
  CHECK(damaged.last->time == "t1");
  CHECK_THAT(damaged.problem, Catch::Contains("3 damaged lines") && Catch::Contains("line 2"));
}

TEST_CASE("An unwritable journal folder fails the append with a message, for a warning") {
  TempDir dir;
  WriteFile(dir.path() / ".rev", "a file where the folder should be");
  DatabaseUrl url = ParsedUrl("sqlite:///app.db", dir.path());
  Status status = RecordChange(JournalPath(dir.path()), url, "upgrade", Ids({"a"}));
  CHECK(status.code() == StatusCode::kDatabase);
  CHECK_THAT(status.message(), Catch::Contains("journal"));
}

TEST_CASE("Restore and replay lines carry their target, one short of it is unfinished") {
  TempDir dir;
  std::filesystem::path journal = JournalPath(dir.path());
  JournalEntry entry{"t", "k", "sqlite", "replay", Ids({"c"}), Ids({"e"})};
  CHECK(entry.unfinished());
  REQUIRE(AppendJournal(journal, entry).ok());
  JournalLookup lookup = FindLastEntry(journal, "k");
  REQUIRE(lookup.last.has_value());
  REQUIRE(lookup.last->target.has_value());
  CHECK(ToNames(*lookup.last->target) == Names{"e"});
  CHECK(lookup.last->unfinished());
  entry.heads = Ids({"e"});
  CHECK_FALSE(entry.unfinished());
}

TEST_CASE("Concurrent appends never interleave within a line") {
  TempDir dir;
  DatabaseUrl url = ParsedUrl("sqlite:///app.db", dir.path());
  // Made here: Catch's assertions (inside Ids) are not for other threads.
  const std::vector<revisions::RevisionIds> heads = {Ids({"w0"}), Ids({"w1"}), Ids({"w2"}),
                                                     Ids({"w3"})};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 50; ++i) {
        (void)RecordChange(JournalPath(dir.path()), url, "upgrade", heads[w]);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  std::vector<std::string> lines = SplitLines(ReadFile(JournalPath(dir.path())));
  CHECK(lines.size() == 200);
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(nlohmann::json::parse(line, nullptr, false).is_object());
  }
}

}  // namespace
}  // namespace rev::testing
