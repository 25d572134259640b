// ReadSqitch: a Sqitch project (sqitch.conf, sqitch.plan, deploy/ and revert/) as an
// ImportedProject. The plan's order is the chain; each change's requires become its
// depends_on; verify/ scripts have no place in rev and are not read.
#include <system_error>
#include <utility>

#include "engine/importers/readers.h"
#include "engine/importers/sqitch_layout.h"
#include "engine/importers/sqitch_plan.h"
#include "engine/importers/sqitch_requires.h"
#include "revisions/revision_folder.h"

namespace rev::engine::importers {
namespace {

bool IsFile(const std::filesystem::path& file) {
  std::error_code error;
  return std::filesystem::is_regular_file(file, error);
}

// Where the scripts of plan.changes[index] are, relative to deploy/ or revert/: name.sql, or
// for an instance reworked later name@TAG.sql, TAG being the first of Sqitch's rework tags
// whose deploy script exists (the first of them when none does, so that the error names the
// file `sqitch rework` would have written).
struct ScriptName {
  std::filesystem::path relative;
  bool reworked = false;
};

ScriptName ScriptNameFor(const SqitchPlan& plan, size_t index, const SqitchLayout& layout) {
  const std::string& name = plan.changes[index].name;
  const std::vector<std::string> tags = SqitchReworkTags(plan, index);
  if (tags.empty()) return {name + "." + layout.extension, false};
  const std::filesystem::path parent = std::filesystem::path(name).parent_path();
  const std::string base = std::filesystem::path(name).filename().string();
  for (const std::string& tag : tags) {
    const std::filesystem::path candidate = parent / (base + "@" + tag + "." + layout.extension);
    if (IsFile(layout.reworked_deploy_dir / candidate)) return {candidate, true};
  }
  return {parent / (base + "@" + tags.front() + "." + layout.extension), true};
}

Result<std::optional<std::string>> ReadScriptIfAny(const std::filesystem::path& file) {
  if (!IsFile(file)) return std::optional<std::string>();
  REV_ASSIGN_OR_RETURN(std::string text, revisions::ReadFileBytes(file, file.string()));
  return std::optional<std::string>(std::move(text));
}

// The deploy and revert scripts of plan.changes[index] into `migration`.
Status ReadScripts(const SqitchPlan& plan, size_t index, const SqitchLayout& layout,
                   const std::string& plan_file, ImportedMigration& migration) {
  const ScriptName script = ScriptNameFor(plan, index, layout);
  const std::filesystem::path deploy =
      (script.reworked ? layout.reworked_deploy_dir : layout.deploy_dir) / script.relative;
  const std::filesystem::path revert =
      (script.reworked ? layout.reworked_revert_dir : layout.revert_dir) / script.relative;
  REV_ASSIGN_OR_RETURN(std::optional<std::string> upgrade, ReadScriptIfAny(deploy));
  if (!upgrade) {
    const SqitchChange& change = plan.changes[index];
    return Status::InvalidInput("change '" + change.name + "' has no deploy script " +
                                deploy.string())
        .At({plan_file, change.line})
        .WithHint("write " + deploy.string() +
                  " (a change that does nothing may hold only comments), or remove the change "
                  "from the plan");
  }
  migration.upgrade_sql = std::move(*upgrade);
  REV_ASSIGN_OR_RETURN(migration.downgrade_sql, ReadScriptIfAny(revert));
  return Status::Ok();
}

}  // namespace

Result<ImportedProject> ReadSqitch(const std::filesystem::path& path) {
  REV_ASSIGN_OR_RETURN(SqitchLayout layout, ReadSqitchLayout(path));
  const std::string plan_file = layout.plan_file.string();
  if (!IsFile(layout.plan_file)) {
    return Status::InvalidInput("'" + path.string() + "' is no Sqitch project: " + plan_file +
                                " does not exist")
        .At({plan_file, 0})
        .WithHint(
            "give the folder that holds sqitch.conf and sqitch.plan (`sqitch init` makes "
            "them), or set plan_file in its sqitch.conf");
  }
  REV_ASSIGN_OR_RETURN(std::string text, revisions::ReadFileBytes(layout.plan_file, plan_file));
  REV_ASSIGN_OR_RETURN(SqitchPlan plan, ParseSqitchPlan(text, plan_file));

  ImportedProject project;
  project.tool = SourceTool::kSqitch;
  project.chained = true;
  project.project_name = plan.project;
  const std::vector<std::string> keys = SqitchKeys(plan);
  for (size_t i = 0; i < plan.changes.size(); ++i) {
    const SqitchChange& change = plan.changes[i];
    ImportedMigration migration;
    migration.key = keys[i];
    REV_ASSIGN_OR_RETURN(migration.depends_on,
                         ResolveSqitchRequires(plan, i, keys, plan_file, project.notices));
    migration.message = change.note;
    migration.created_at = change.planned_at;
    migration.source = {plan_file, change.line};
    REV_RETURN_IF_ERROR(ReadScripts(plan, i, layout, plan_file, migration));
    project.migrations.push_back(std::move(migration));
  }
  return project;
}

}  // namespace rev::engine::importers
