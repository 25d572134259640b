// Where a Sqitch project keeps its plan and its scripts: Sqitch's defaults, or what the
// project's sqitch.conf says.
#pragma once

#include <filesystem>
#include <string>

#include "revisions/result.h"

namespace rev::engine::importers {

struct SqitchLayout {
  std::filesystem::path plan_file;  // as the user sees it (sqitch.plan, or PATH/sqitch.plan)
  std::filesystem::path deploy_dir;
  std::filesystem::path revert_dir;
  // Where a reworked change's earlier scripts are (name@tag.sql).
  std::filesystem::path reworked_deploy_dir;
  std::filesystem::path reworked_revert_dir;
  std::string extension = "sql";  // of the scripts
};

// Reads `folder`/sqitch.conf when there is one. Honours top_dir, plan_file, deploy_dir,
// revert_dir, reworked_dir, reworked_deploy_dir, reworked_revert_dir and extension from
// [engine "<core.engine>"] before [core], as Sqitch does; relative folders are taken from
// `folder`. Defaults: top_dir `.`, plan_file TOP/sqitch.plan, TOP/deploy, TOP/revert,
// reworked_dir TOP. Fails with kInvalidInput at sqitch.conf:line for a line that is no
// `[section]` or `key = value`.
Result<SqitchLayout> ReadSqitchLayout(const std::filesystem::path& folder);

}  // namespace rev::engine::importers
