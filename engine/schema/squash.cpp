#include "engine/schema/squash.h"

#include "engine/backends/pg_statements.h"
#include "engine/schema/diff.h"
#include "engine/schema/generate.h"
#include "engine/schema/source.h"
#include "engine/schema/sql_text.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace {

using backends::Backend;

bool ChangesRows(std::string_view statement) {
  static const char* const kDataWords[] = {"insert", "update",  "delete",  "merge",
                                           "copy",   "replace", "truncate"};
  std::string first = Lower(FirstIdentifier(statement));
  for (const char* word : kDataWords) {
    if (first == word) return true;
  }
  // WITH ... starts a SELECT as often as an INSERT: only one naming a data verb counts.
  if (first != "with") return false;
  for (const char* word : {"insert", "update", "delete", "merge"}) {
    if (MentionsIdentifier(statement, word)) return true;
  }
  return false;
}

std::string FirstLine(std::string_view statement) {
  std::string_view line = statement.substr(0, statement.find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  return std::string(line);
}

// Runs one direction; the database's refusal is the proof failing, not bad input.
Status RunDirection(Backend& backend, const std::string& sql, const std::string& path,
                    const std::string& direction) {
  Status status = ExecuteAsStep(backend, sql, {path + " (" + direction + ")", 1}, true);
  if (status.ok() || status.code() == StatusCode::kInterrupted) return status;
  return Status::Failed("the squashed " + direction +
                        " fails on an empty scratch database: " + status.ToString());
}

Status RequireSame(Backend& backend, const SquashProof& proof, const Schema& wanted,
                   const std::string& after, const std::string& wanted_name, Changes* left) {
  REV_ASSIGN_OR_RETURN(Schema actual, Introspect(backend, proof.introspect));
  Changes differences = Diff(actual, wanted);
  if (differences.empty()) return Status::Ok();
  std::vector<std::string> names;
  for (const Change& change : differences) {
    names.push_back(change.KindName() + " " + change.ObjectName());
  }
  if (left != nullptr) *left = differences;
  return Status::Failed("after the squashed " + after + ", the schema differs from " + wanted_name +
                        ": " + revisions::Join(names, "; "));
}

}  // namespace

std::vector<DataStatement> FindDataStatements(const revisions::Revision& revision) {
  std::vector<DataStatement> found;
  const std::string& sql = revision.upgrade_sql();
  int line = revision.upgrade_first_line();
  size_t counted_to = 0;
  for (const backends::StatementRange& range : backends::SplitPostgresStatements(sql)) {
    std::string_view statement(sql.data() + range.begin, range.end - range.begin);
    if (!ChangesRows(statement)) continue;
    for (; counted_to < range.begin; ++counted_to) line += sql[counted_to] == '\n' ? 1 : 0;
    found.push_back(
        {revision.id().str(), revision.path(), line, FirstLine(statement), std::string(statement)});
  }
  return found;
}

SquashedSql RenderSquashedSql(const Schema& base, const Schema& target,
                              const std::vector<DataStatement>& kept) {
  GeneratedMigration migration = GenerateMigration(base, target, {});
  SquashedSql sql;
  sql.upgrade = std::move(migration.upgrade);
  sql.upgrade_sql = std::move(migration.upgrade_script);
  sql.downgrade_sql = std::move(migration.downgrade_script);
  if (!kept.empty()) {
    sql.upgrade_sql += "\n-- The data statements of the replaced revisions, in upgrade order\n";
  }
  for (const DataStatement& statement : kept) {
    sql.upgrade_sql += "\n-- from " + statement.path + ":" + std::to_string(statement.line) + "\n" +
                       statement.sql + "\n";
  }
  return sql;
}

Status ProveSquash(ScratchServer& scratch, const SquashProof& proof, Changes* left) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<ScratchDatabase> database, scratch.Create());
  Backend& backend = database->backend();
  REV_RETURN_IF_ERROR(RunDirection(backend, proof.sql->upgrade_sql, proof.path, "upgrade"));
  REV_RETURN_IF_ERROR(
      RequireSame(backend, proof, *proof.target, "upgrade", "the old chain's", left));
  REV_RETURN_IF_ERROR(RunDirection(backend, proof.sql->downgrade_sql, proof.path, "downgrade"));
  return RequireSame(backend, proof, *proof.base, "downgrade", "base's (empty)", left);
}

}  // namespace rev::engine::schema
