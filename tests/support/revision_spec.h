// Rev: one revision as a test declares it, in a few literal words. The one declaration is
// what every kind of test takes: Graph (graph_literals.h) builds it in memory, a Project or
// DbProject writes it as a file of its revisions folder, WriteRevisions writes it into any
// folder.
//
//   {"b", {"a"}}                                              b, after a
//   {"a", {}, "CREATE TABLE t (x INT);", "DROP TABLE t;"}     a base, with its SQL
//   Rev("c", {"a"}).Labels({"x"}).DependsOn({"b"}).NonTransactional()
//
// What a declaration leaves unsaid: the message is "revision <id>", created_at one second
// after the revision declared before it (so SPEC §2's order follows the order of
// declaration), both sections `SELECT 1;`, and the file is "<id>_<slug of message>.sql".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rev::testing {

using Names = std::vector<std::string>;

struct Rev {
  Rev(const char* name, Names parents = {})  // NOLINT(google-explicit-constructor)
      : id(name), down_revisions(std::move(parents)) {}
  Rev(std::string name, Names parents = {})  // NOLINT(google-explicit-constructor)
      : id(std::move(name)), down_revisions(std::move(parents)) {}
  Rev(std::string name, Names parents, std::string upgrade_sql,
      std::optional<std::string> downgrade_sql)
      : id(std::move(name)),
        down_revisions(std::move(parents)),
        upgrade(std::move(upgrade_sql)),
        downgrade(std::move(downgrade_sql)) {}

  // The setters chain: Rev("b", {"a"}).Message("add users").NoDowngrade().
  Rev& Message(std::string text);
  Rev& Upgrade(std::string sql);
  Rev& Downgrade(std::string sql);
  Rev& NoDowngrade();  // a file without the downgrade marker
  Rev& Sql(std::string upgrade_sql, std::optional<std::string> downgrade_sql);
  Rev& DependsOn(Names ids);
  Rev& Labels(Names labels);
  Rev& At(std::string when);  // created_at
  Rev& NonTransactional();
  Rev& FileName(std::string name);
  Rev& Merge();                   // what `rev merge` writes: empty upgrade and downgrade sections
  Rev& Header(std::string line);  // one more header line, as "owner: sam" (after the others)

  std::string id;
  Names down_revisions;
  std::string message;  // empty: "revision <id>"
  std::string upgrade = "SELECT 1;";
  std::optional<std::string> downgrade = "SELECT 1;";  // nullopt: no downgrade marker
  Names depends_on;
  Names branch_labels;
  std::string created_at;  // empty: from the position in its project or graph
  bool transactional = true;
  std::string file_name;  // empty: "<id>_<slug of message>.sql"
  Names extra_header;     // lines rev does not know, each written as "-- <line>"
};

// `rev` with what it left unsaid filled in, as the `position`-th revision (from 1) of its
// project or graph.
Rev WithDefaults(Rev rev, size_t position);

// The file text of `rev` as a person writes it (SPEC §1); a created_at line only when set.
std::string RevisionText(const Rev& rev);
// The file name of `rev` in its revisions folder.
std::string FileNameOf(const Rev& rev);

// Writes `rev`, the `position`-th revision (from 1), into `revisions_dir`; returns the path.
std::filesystem::path WriteRevision(const std::filesystem::path& revisions_dir, const Rev& rev,
                                    size_t position);
// Writes each of `revs` into `<folder>/revisions`, in order.
void WriteRevisions(const std::filesystem::path& folder, const std::vector<Rev>& revs);

}  // namespace rev::testing
