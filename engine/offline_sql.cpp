#include "engine/offline_sql.h"

#include <optional>

#include "revisions/join.h"
#include "revisions/run_command.h"

namespace rev::engine {
namespace {

// A plain lowercase name needs no quotes in either dialect; anything else is quoted so it
// means exactly what rev.yaml says.
std::string QuoteIdentifier(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
  }
  if (plain) return name;
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string TableName(const OfflineSqlOptions& options) {
  std::string table = QuoteIdentifier(options.version_table);
  if (options.dialect == SqlDialect::kPostgres && !options.version_table_schema.empty()) {
    return QuoteIdentifier(options.version_table_schema) + "." + table;
  }
  return table;
}

// Revision ids are [A-Za-z0-9_] only, so a literal needs no escaping.
std::string Literal(const RevisionId& id) { return "'" + id.str() + "'"; }

// Alembic's offline comment: "upgrade a, b -> m" (down_revisions as written, no
// depends_on), "downgrade m -> a, b".
std::string RunningComment(const RevisionGraph& graph, const Step& step) {
  const RevisionIds& parents = graph.Parents(step.revision);
  std::string from =
      step.direction == Direction::kUpgrade ? revisions::Join(parents) : step.revision.str();
  std::string to =
      step.direction == Direction::kUpgrade ? step.revision.str() : revisions::Join(parents);
  return "-- Running " + std::string(DirectionName(step.direction)) + " " + from + " -> " + to +
         "\n\n";
}

std::string VersionStatements(const std::string& table, const VersionEdit& edit) {
  std::string sql;
  for (const RevisionId& id : edit.deletes) {
    sql += "DELETE FROM " + table + " WHERE version_num = " + Literal(id) + ";\n\n";
  }
  if (edit.update_from && edit.update_to) {
    sql += "UPDATE " + table + " SET version_num = " + Literal(*edit.update_to) +
           " WHERE version_num = " + Literal(*edit.update_from) + ";\n\n";
  }
  for (const RevisionId& id : edit.inserts) {
    sql += "INSERT INTO " + table + " (version_num) VALUES (" + Literal(id) + ");\n\n";
  }
  return sql;
}

std::string Section(const Revision& revision, Direction direction) {
  if (direction == Direction::kUpgrade) return revision.upgrade_sql();
  if (!revision.downgrade_sql()) {
    return "-- " + revision.id().str() + " has no downgrade section" +
           (revision.path().empty() ? "" : " (" + revision.path() + ")");
  }
  return *revision.downgrade_sql();
}

// The section as the file holds it, between blank lines; nothing for an empty one.
std::string Block(std::string sql) {
  size_t end = sql.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return "";
  sql.erase(end + 1);
  size_t begin = sql.find_first_not_of("\r\n");
  return sql.substr(begin) + "\n\n";
}

}  // namespace

std::string RenderOfflineSql(const RevisionGraph& graph, const Plan& plan,
                             const OfflineSqlOptions& options) {
  const std::string table = TableName(options);
  std::string sql;
  if (options.create_version_table && plan.start_heads.empty()) {
    sql += "CREATE TABLE IF NOT EXISTS " + table +
           " (version_num VARCHAR(64) NOT NULL PRIMARY KEY);\n\n";
  }
  for (const Step& step : plan.steps) {
    const Revision& revision = graph.Get(step.revision);
    sql += RunningComment(graph, step);
    const std::optional<revisions::RunCommand>& program =
        step.direction == Direction::kUpgrade ? revision.upgrade_run() : revision.downgrade_run();
    // A program runs as a non-transactional step (engine/operations/program_step.h).
    const bool transactional = revision.transactional() && !program;
    if (transactional) {
      sql += "BEGIN;\n\n";
    } else {
      sql += "-- transactional: false: runs outside a transaction\n\n";
    }
    if (program) {
      sql += "-- rev: runs program: " + program->Text() +
             " (not part of this SQL; run it from the project folder with REV_DATABASE_URL "
             "set)\n\n";
    } else {
      sql += Block(Section(revision, step.direction));
    }
    sql += VersionStatements(table, step.edit);
    if (transactional) sql += "COMMIT;\n\n";
  }
  return sql;
}

}  // namespace rev::engine
