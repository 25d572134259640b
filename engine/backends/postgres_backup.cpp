#include "engine/backends/postgres_backup.h"

#include <unistd.h>

namespace rev::engine::backends {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMessageKept = 2000;

bool IsExecutable(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error) && ::access(path.c_str(), X_OK) == 0;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
    text.pop_back();
  }
  if (text.size() > kMessageKept) text = "..." + text.substr(text.size() - kMessageKept);
  return text;
}

// What a failed child said, redacted, or its exit status when it said nothing.
std::string ChildMessage(const std::string& program, const process::ChildResult& result,
                         const DatabaseUrl* url) {
  std::string text = Trimmed(result.err);
  if (url != nullptr) text = url->RedactMessage(text);
  std::string status = result.exit_code > 128
                           ? "was ended by signal " + std::to_string(result.exit_code - 128)
                           : "exited with status " + std::to_string(result.exit_code);
  return program + " " + status + (text.empty() ? "" : ": " + text);
}

std::string ProgramName(const fs::path& path) { return path.filename().string(); }

}  // namespace

Result<fs::path> FindPgProgram(const std::string& name, const process::Environment& env,
                               const fs::path& beside) {
  if (!beside.empty() && IsExecutable(beside / name)) return beside / name;
  std::string path_variable =
      process::GetVariable(env, "PATH").value_or("/usr/local/bin:/usr/bin:/bin");
  if (std::optional<fs::path> found = process::FindProgram(name, path_variable)) return *found;
  std::string pg_config_note = "pg_config is not on PATH either";
  if (std::optional<fs::path> pg_config = process::FindProgram("pg_config", path_variable)) {
    process::ChildCommand command{{pg_config->string(), "--bindir"}, env, {}, true, {}};
    Result<process::ChildResult> bindir = process::RunChild(command);
    if (bindir.ok() && bindir->ok()) {
      fs::path candidate = fs::path(Trimmed(bindir->out)) / name;
      if (IsExecutable(candidate)) return candidate;
      pg_config_note = "nor is it in " + candidate.parent_path().string() + " (pg_config --bindir)";
    } else {
      pg_config_note = "and `pg_config --bindir` failed";
    }
  }
  return Status::InvalidInput(name + " is not on PATH, " + pg_config_note)
      .WithHint(
          "install PostgreSQL's client programs (e.g. `apt install postgresql-client`) "
          "or add their folder to PATH");
}

process::Environment PgChildEnvironment(const DatabaseUrl& url) {
  process::Environment env = process::CurrentEnvironment();
  if (!url.password().empty()) process::SetVariable(&env, "PGPASSWORD", url.password());
  return env;
}

std::vector<std::string> PgDumpArgv(const fs::path& pg_dump, const DatabaseUrl& url) {
  // -w: never prompt (there may be no terminal); stdout is the backup file.
  return {pg_dump.string(), "--format=custom", "--no-password",
          "--dbname=" + url.connection_string_without_password()};
}

std::vector<std::string> PgListArgv(const fs::path& pg_restore, const fs::path& archive) {
  return {pg_restore.string(), "--list", archive.string()};
}

std::vector<std::string> PgRestoreScriptArgv(const fs::path& pg_restore, const fs::path& archive) {
  // --single-transaction: one BEGIN and one COMMIT around the whole script, no COMMIT
  // inside it (large objects otherwise get their own), so nothing commits before the end.
  return {pg_restore.string(), "--single-transaction", "--file=-", archive.string()};
}

std::vector<std::string> PsqlRestoreArgv(const fs::path& psql, const DatabaseUrl& url) {
  // No --single-transaction: psql would COMMIT at the end of its input even when
  // pg_restore died part way. The transaction is opened here and committed only by the
  // COMMIT that ends pg_restore's script; without it, psql exits and PostgreSQL rolls back.
  return {psql.string(),
          "--no-psqlrc",
          "--quiet",
          "--no-password",
          "--set=ON_ERROR_STOP=1",
          "--dbname=" + url.connection_string_without_password(),
          "--command=BEGIN; " + EmptyDatabaseSql(),
          "--file=-"};
}

std::string EmptyDatabaseSql() {
  // The script's own BEGIN would warn that a transaction is open: only errors are shown.
  return "SET client_min_messages = error;\n"
         "DO $rev$\n"
         "DECLARE s name;\n"
         "BEGIN\n"
         "  FOR s IN SELECT nspname FROM pg_namespace\n"
         "           WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%'\n"
         "           ORDER BY nspname LOOP\n"
         "    EXECUTE format('DROP SCHEMA %I CASCADE', s);\n"
         "  END LOOP;\n"
         "  PERFORM lo_unlink(oid) FROM pg_largeobject_metadata;\n"
         "  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'pg_database_owner') THEN\n"
         "    CREATE SCHEMA public AUTHORIZATION pg_database_owner;\n"
         "  ELSE\n"
         "    CREATE SCHEMA public;\n"
         "  END IF;\n"
         "  COMMENT ON SCHEMA public IS 'standard public schema';\n"
         "  GRANT USAGE ON SCHEMA public TO PUBLIC;\n"
         "END\n"
         "$rev$;";
}

Status PgDumpToFile(const DatabaseUrl& url, const fs::path& destination,
                    const std::atomic<bool>* interrupted) {
  process::Environment env = PgChildEnvironment(url);
  REV_ASSIGN_OR_RETURN(fs::path pg_dump, FindPgProgram("pg_dump", env));
  process::ChildCommand command{PgDumpArgv(pg_dump, url), env, destination, false, {}};
  REV_ASSIGN_OR_RETURN(process::ChildResult result, process::RunChild(command, interrupted));
  if (!result.ok()) {
    return Status::Database("backing up " + url.Redacted() +
                            " failed: " + ChildMessage(ProgramName(pg_dump), result, &url));
  }
  return Status::Ok();
}

Status PgCheckArchive(const fs::path& archive, const std::atomic<bool>* interrupted) {
  process::Environment env = process::CurrentEnvironment();
  REV_ASSIGN_OR_RETURN(fs::path pg_restore, FindPgProgram("pg_restore", env));
  process::ChildCommand command{PgListArgv(pg_restore, archive), env, {}, false, {}};
  REV_ASSIGN_OR_RETURN(process::ChildResult result, process::RunChild(command, interrupted));
  if (!result.ok()) {
    return Status::InvalidInput(archive.string() + " is not a backup pg_restore can read: " +
                                ChildMessage(ProgramName(pg_restore), result, nullptr));
  }
  return Status::Ok();
}

Status PgRestoreFromFile(const DatabaseUrl& url, const fs::path& archive,
                         const std::atomic<bool>* interrupted) {
  process::Environment env = PgChildEnvironment(url);
  REV_ASSIGN_OR_RETURN(fs::path pg_restore, FindPgProgram("pg_restore", env));
  REV_ASSIGN_OR_RETURN(fs::path psql, FindPgProgram("psql", env, pg_restore.parent_path()));
  std::vector<process::ChildCommand> pipeline = {
      {PgRestoreScriptArgv(pg_restore, archive), env, {}, false, {}},
      {PsqlRestoreArgv(psql, url), env, {}, false, {}},
  };
  REV_ASSIGN_OR_RETURN(std::vector<process::ChildResult> results,
                       process::RunPipeline(pipeline, interrupted));
  const std::string failed = "restoring " + url.Redacted() + " failed; it is unchanged: ";
  // pg_restore first: when it stopped part way, psql's complaint is only the consequence.
  if (!results[0].ok()) {
    return Status::Database(failed + ChildMessage(ProgramName(pg_restore), results[0], &url));
  }
  if (!results[1].ok()) {
    return Status::Database(failed + ChildMessage(ProgramName(psql), results[1], &url));
  }
  return Status::Ok();
}

}  // namespace rev::engine::backends
