#include "cli/commands/init.h"

#include "cli/file_writer.h"
#include "revisions/project_config.h"

namespace rev::cli {

namespace fs = std::filesystem;

void RegisterInit(CLI::App& app, Action* action) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand("init", "Write rev.yaml and an empty revisions/ folder");
  command->add_option("dir", options->dir, "the project's folder (default: the working folder)");
  BindAction(command, options, RunInit, action);
}

Status RunInit(const InitOptions& options, Context& context) {
  fs::path dir = options.dir;
  fs::path config = dir / "rev.yaml";
  fs::path revisions_dir = dir / "revisions";
  std::string shown_config = context.DisplayPath(config);
  std::string shown_revisions = context.DisplayPath(revisions_dir) + "/";
  std::error_code error;
  if (fs::symlink_status(config, error).type() != fs::file_type::not_found) {
    return Status::InvalidInput(shown_config +
                                " already exists; `rev init` starts a new project only")
        .WithHint("edit the existing rev.yaml, or run `rev init` in another folder");
  }
  if (fs::exists(dir, error) && !fs::is_directory(dir, error)) {
    return Status::InvalidInput(context.DisplayPath(dir) + " exists and is not a folder");
  }
  if (fs::exists(revisions_dir, error) && !fs::is_directory(revisions_dir, error)) {
    return Status::InvalidInput(shown_revisions + " exists and is not a folder")
        .WithHint("move it away; rev.yaml's `revisions:` names the folder of revision files");
  }
  fs::create_directories(revisions_dir, error);
  if (error) {
    return Status::InvalidInput("cannot create " + shown_revisions + ": " + error.message());
  }
  REV_RETURN_IF_ERROR(WriteNewFile(config, shown_config, revisions::DefaultConfigText()));
  if (context.out().json()) {
    context.out().Document({{"config", shown_config}, {"revisions", shown_revisions}});
  } else {
    context.out().Note("Created " + shown_config);
    context.out().Note("Created " + shown_revisions);
  }
  return Status::Ok();
}

}  // namespace rev::cli
