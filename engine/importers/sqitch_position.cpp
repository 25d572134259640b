// ReadSqitchPosition: where Sqitch's registry says a database stands. The registry is read,
// never written. On PostgreSQL it is the `sqitch` schema of the database itself; on SQLite
// it is a database file of its own beside the one deployed to (Sqitch 1.3's sqlite engine).
#include <algorithm>
#include <memory>
#include <system_error>

#include "engine/importers/tool_position.h"
#include "engine/importers/tool_table.h"

namespace rev::engine::importers {
namespace {

// Sqitch's SQLite engine names its registry (`sqitch`, the default registry name) after
// the database file, as its registry_uri does: the file's name up to its first '.' is
// replaced, so that app.db has sqitch.db beside it, app has sqitch, app.v1.db sqitch.v1.db.
std::filesystem::path SqliteRegistryFile(const std::filesystem::path& database) {
  const std::string name = database.filename().string();
  const size_t dot = name.find('.');
  return database.parent_path() /
         (dot == std::string::npos ? "sqitch" : "sqitch" + name.substr(dot));
}

// Where the registry's tables are, and how its changes are read in the order Sqitch
// deployed them (Sqitch orders by committed_at; SQLite keeps it to the millisecond, so
// the insertion order settles a tie).
struct Registry {
  std::string changes;
  std::string projects;
  std::string order;
  std::string shown;  // for messages
};

std::string Quoted(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

// The change name a key stands for: a reworked instance's key is `name@TAG`.
std::string ChangeName(const std::string& key) { return key.substr(0, key.find('@')); }

// The deployed changes must be the plan's first ones, in order.
Status CheckPrefix(const ImportedProject& project, const std::vector<std::string>& deployed,
                   const Registry& registry) {
  for (size_t i = 0; i < deployed.size(); ++i) {
    if (i < project.migrations.size() && ChangeName(project.migrations[i].key) == deployed[i]) {
      continue;
    }
    const bool planned =
        std::any_of(project.migrations.begin(), project.migrations.end(),
                    [&](const ImportedMigration& m) { return ChangeName(m.key) == deployed[i]; });
    if (!planned) {
      return Status::Refused(registry.shown + " records change '" + deployed[i] +
                             "' as deployed, which the plan does not have")
          .WithHint("import the plan the database was deployed from (a newer checkout?)");
    }
    const std::string expected = i < project.migrations.size()
                                     ? "has '" + project.migrations[i].key + "' there"
                                     : "has only " + std::to_string(i) + " changes";
    return Status::Refused(registry.shown + " records '" + deployed[i] + "' as deployed change " +
                           std::to_string(i + 1) + ", where the plan " + expected +
                           ": rev's chain cannot say where this database stands")
        .WithHint(
            "bring the database in line with the plan with Sqitch (sqitch revert, "
            "sqitch deploy), then adopt it again");
  }
  return Status::Ok();
}

Result<ToolPosition> ReadRegistry(const ImportedProject& project, backends::Backend& backend,
                                  const Registry& registry) {
  ToolPosition position;
  position.table = registry.shown;
  REV_ASSIGN_OR_RETURN(position.found, ToolTableExists(backend, registry.changes));
  if (!position.found) return position;
  REV_ASSIGN_OR_RETURN(
      std::vector<backends::QueryRow> project_rows,
      ReadToolTable(backend, "SELECT project FROM " + registry.projects + " ORDER BY project", {},
                    registry.shown));
  std::vector<std::string> projects;
  for (const backends::QueryRow& row : project_rows) projects.push_back(row.at(0).value_or(""));
  if (std::find(projects.begin(), projects.end(), project.project_name) == projects.end()) {
    if (projects.empty()) return position;  // a registry nothing was deployed with yet
    return Status::Refused(registry.shown + " is Sqitch's registry of project " + Quoted(projects) +
                           ", not of '" + project.project_name + "' (the plan's %project)")
        .WithHint("adopt the database that Sqitch deployed '" + project.project_name +
                  "' to, or import the plan of " + Quoted(projects));
  }
  REV_ASSIGN_OR_RETURN(std::vector<backends::QueryRow> change_rows,
                       ReadToolTable(backend,
                                     "SELECT change FROM " + registry.changes +
                                         " WHERE project = $1 ORDER BY " + registry.order,
                                     {project.project_name}, registry.shown));
  std::vector<std::string> deployed;
  for (const backends::QueryRow& row : change_rows) deployed.push_back(row.at(0).value_or(""));
  REV_RETURN_IF_ERROR(CheckPrefix(project, deployed, registry));
  if (!deployed.empty()) position.keys = {project.migrations[deployed.size() - 1].key};
  return position;
}

}  // namespace

Result<ToolPosition> ReadSqitchPosition(const ImportedProject& project, backends::Backend& backend,
                                        const backends::DatabaseUrl& url) {
  if (backend.kind() == backends::DatabaseKind::kPostgres) {
    return ReadRegistry(project, backend,
                        {"sqitch.changes", "sqitch.projects", "committed_at", "sqitch.changes"});
  }
  if (url.in_memory()) return ToolPosition{"Sqitch's registry", false, {}};
  const std::filesystem::path file = SqliteRegistryFile(url.sqlite_path());
  std::error_code error;
  const std::string shown = file.string() + " changes";
  if (!std::filesystem::exists(file, error)) return ToolPosition{shown, false, {}};
  REV_ASSIGN_OR_RETURN(std::unique_ptr<backends::Backend> registry,
                       backends::OpenBackend(backends::DatabaseUrl::ForSqliteFile(file), {},
                                             /*create=*/false));
  return ReadRegistry(
      project, *registry,
      {"changes", "projects", "committed_at, rowid", "Sqitch's registry " + file.string()});
}

}  // namespace rev::engine::importers
