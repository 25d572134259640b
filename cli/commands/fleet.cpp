#include "cli/commands/fleet.h"

#include <unistd.h>

#include <chrono>
#include <map>
#include <thread>

#include "cli/confirm.h"
#include "cli/fleet/progress.h"
#include "cli/fleet/report.h"
#include "cli/fleet/runner.h"
#include "cli/fleet/status_read.h"
#include "cli/fleet/summary.h"
#include "cli/fleet/targets.h"
#include "cli/signal_watcher.h"
#include "engine/target.h"
#include "revisions/local_state.h"
#include "revisions/naming.h"

namespace rev::cli {
namespace {

using SteadyClock = std::chrono::steady_clock;

// What every target's run is given: this binary, rev.yaml, the environment, the command.
Result<TargetRunSpec> RunSpec(const FleetOptions& options, Context& context, bool confirmed) {
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  std::error_code error;
  TargetRunSpec spec;
  spec.binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return Status::Internal("cannot find rev's own binary: " + error.message());
  spec.args = {"-c", std::filesystem::absolute(config->file).string()};
  if (!context.options().env.empty())
    spec.args.insert(spec.args.end(), {"-e", context.options().env});
  if (confirmed) spec.args.emplace_back("--yes");
  spec.args.emplace_back(FleetCommandName(options.command));
  spec.args.push_back(options.target);
  spec.args.emplace_back("--lock-timeout");
  spec.args.push_back(std::to_string(context.options().lock_timeout_seconds));
  if (context.options().wait_for_database_seconds) {
    spec.args.emplace_back("--wait-for-database");
    spec.args.push_back(std::to_string(*context.options().wait_for_database_seconds));
  }
  spec.args.emplace_back("--json");
  return spec;
}

// --resume: the report must be of the same command and target; its targets that finished
// well are carried over, not run again.
Result<std::map<std::string, TargetOutcome>> Carried(const FleetOptions& options) {
  if (options.resume.empty()) return std::map<std::string, TargetOutcome>();
  REV_ASSIGN_OR_RETURN(ReadReport report, LoadReport(options.resume));
  const std::string command = FleetCommandName(options.command);
  if (report.header.command != command || report.header.target != options.target) {
    return Status::InvalidInput(options.resume + " is the report of `rev fleet " +
                                report.header.command + " " + report.header.target +
                                "`, not of `rev fleet " + command + " " + options.target + "`")
        .WithHint("resume with the command and target that report was written by");
  }
  std::map<std::string, TargetOutcome> carried;
  for (auto& [name, outcome] : report.last) {
    if (FinishedWell(outcome.state)) carried.emplace(name, std::move(outcome));
  }
  return carried;
}

// Asks once for the whole fleet when the environment says `confirm: true` (each target's
// own run is then told --yes).
Result<bool> ConfirmFleet(const FleetOptions& options, Context& context, size_t count) {
  if (options.command == FleetCommand::kStatus) return false;
  REV_ASSIGN_OR_RETURN(const engine::operations::Settings* settings, context.Settings());
  if (!settings->confirm) return false;
  REV_RETURN_IF_ERROR(Confirm(context, {std::to_string(count) + " targets"},
                              std::string("Run `") + FleetCommandName(options.command) + " " +
                                  options.target + "` on every target?"));
  return true;
}

Result<std::filesystem::path> ReportPath(const FleetOptions& options, Context& context) {
  if (options.command == FleetCommand::kStatus) return std::filesystem::path();
  if (!options.report.empty()) return std::filesystem::absolute(options.report);
  if (!options.resume.empty()) return std::filesystem::absolute(options.resume);
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  std::filesystem::path folder = revisions::LocalStateFolder(config->root);
  Status made = revisions::EnsureLocalStateFolder(folder);
  if (!made.ok()) return Status::InvalidInput(made.message()).WithHint("pass --report FILE");
  return std::filesystem::absolute(DefaultReportPath(config->root));
}

// What is done to each target: status is read here, in this process (status_read.h);
// upgrade and downgrade are each target's own run (target_run.h).
Result<TargetWork> WorkFor(const FleetOptions& options, Context& context, bool confirmed,
                           const std::atomic<bool>* interrupted) {
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  if (options.command == FleetCommand::kStatus) {
    context.SkipSections();  // the checksums, for drift; no SQL
    REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
    engine::operations::SettingsRequest request;
    request.environment = context.options().env;
    request.wait_for_database_seconds = context.options().wait_for_database_seconds;
    return TargetWork([config, request, graph](const FleetTarget& target) {
      return ReadTargetStatus(target, *config, request, *graph);
    });
  }
  REV_RETURN_IF_ERROR(context.HeaderGraph().status());  // a broken folder fails once, here
  REV_ASSIGN_OR_RETURN(TargetRunSpec spec, RunSpec(options, context, confirmed));
  return TargetWork([spec, interrupted](const FleetTarget& target) {
    return RunTarget(target, spec, interrupted);
  });
}

Status CheckOptions(const FleetOptions& options, Context& context) {
  if (!context.options().database.empty()) {
    return Status::InvalidInput("--database names one database; a fleet's are its targets")
        .WithHint("list them under `fleet:` in rev.yaml, or pass --targets FILE");
  }
  if (options.command != FleetCommand::kStatus) {
    REV_RETURN_IF_ERROR(engine::ParseTargetOrRange(options.target).status());
  }
  return Status::Ok();
}

// The report, opened for appending; null for status, which writes none.
Result<std::unique_ptr<ReportWriter>> OpenReport(const FleetOptions& options,
                                                 const std::filesystem::path& path,
                                                 size_t targets) {
  if (path.empty()) return std::unique_ptr<ReportWriter>();
  FleetHeader header{FleetCommandName(options.command), options.target,
                     revisions::FormatUtcTimestamp(std::chrono::system_clock::now()), targets};
  return ReportWriter::Open(path, header);
}

FleetSchedule ScheduleOf(const FleetOptions& options) {
  FleetSchedule schedule;
  schedule.parallel =
      options.parallel > 0 ? options.parallel : std::max(1U, std::thread::hardware_concurrency());
  schedule.stop_on_error = options.on_error == "stop" && options.command != FleetCommand::kStatus;
  schedule.canary = options.canary;
  return schedule;
}

}  // namespace

Status RunFleet(const FleetOptions& options, Context& context) {
  REV_RETURN_IF_ERROR(CheckOptions(options, context));
  REV_ASSIGN_OR_RETURN(const revisions::ProjectConfig* config, context.Config());
  REV_ASSIGN_OR_RETURN(std::vector<FleetTarget> targets,
                       LoadFleetTargets(*config, options.targets_file));
  REV_ASSIGN_OR_RETURN(auto carried, Carried(options));
  REV_ASSIGN_OR_RETURN(bool confirmed, ConfirmFleet(options, context, targets.size()));
  SignalWatcher watcher;  // before any thread: they inherit its signal mask
  REV_ASSIGN_OR_RETURN(TargetWork work, WorkFor(options, context, confirmed, watcher.flag()));
  REV_ASSIGN_OR_RETURN(std::filesystem::path report_path, ReportPath(options, context));
  REV_ASSIGN_OR_RETURN(std::unique_ptr<ReportWriter> report,
                       OpenReport(options, report_path, targets.size()));
  std::vector<const FleetTarget*> to_run;
  for (const FleetTarget& target : targets) {
    auto earlier = carried.find(target.name());
    if (earlier == carried.end()) {
      to_run.push_back(&target);
    } else if (report_path != std::filesystem::absolute(options.resume)) {
      (void)report->Append(earlier->second);  // a new report still says it is done
    }
  }

  watcher.InterruptOnSignal(
      [] {}, "\nrev: interrupted; running targets stop their step, no new one starts\n");
  FleetProgress progress(&context.out(), report.get(), to_run.size());
  SteadyClock::time_point start = SteadyClock::now();
  std::vector<TargetOutcome> ran =
      RunFleetTargets(to_run, work, ScheduleOf(options), watcher.flag(), &progress,
                      [&progress] { progress.Draw(); });
  progress.Clear();
  watcher.StopInterrupting();
  if (progress.report_failed()) {
    context.out().Warning(
        {"fleet-report", "some lines could not be written to " + report_path.string(), {}, ""});
  }

  FleetSummary summary{
      FleetCommandName(options.command),
      options.target,
      report_path,
      report_path.empty() ? "" : context.DisplayPath(report_path),
      {},
      std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start),
      options.exit_code};
  size_t next = 0;
  for (const FleetTarget& target : targets) {  // in fleet order, the carried ones too
    auto earlier = carried.find(target.name());
    summary.outcomes.push_back(earlier != carried.end() ? earlier->second : ran[next++]);
  }
  return PrintFleetSummary(context.out(), summary);
}

void RegisterFleet(CLI::App& app, GlobalOptions* globals, Action* action) {
  CLI::App* fleet = app.add_subcommand(
      "fleet", "Run upgrade, downgrade or status on every database of the fleet");
  fleet->require_subcommand(1);
  fleet->fallthrough();
  struct Sub {
    FleetCommand command;
    const char* help;
  };
  for (const Sub& sub : {Sub{FleetCommand::kUpgrade, "Upgrade every target (default to head)"},
                         Sub{FleetCommand::kDowngrade, "Downgrade every target to TARGET"},
                         Sub{FleetCommand::kStatus, "Show where every target is"}}) {
    auto options = std::make_shared<FleetOptions>();
    options->command = sub.command;
    CLI::App* command = fleet->add_subcommand(FleetCommandName(sub.command), sub.help);
    command->fallthrough();
    if (sub.command == FleetCommand::kUpgrade) {
      options->target = "head";
      command->add_option("target", options->target, "head, heads, REV, label@head, +N")
          ->capture_default_str();
    } else if (sub.command == FleetCommand::kDowngrade) {
      command->add_option("target", options->target, "-1, -N, base, REV")->required();
    }
    command->add_option("--targets", options->targets_file,
                        "file of database URLs, one a line (over rev.yaml's fleet:)");
    command->add_option("--parallel", options->parallel, "targets run at once (default: cores)")
        ->check(CLI::Range(1, 1024));
    if (sub.command == FleetCommand::kStatus) {
      command->add_flag("--exit-code", options->exit_code,
                        "exit 1 when a target is not up to date");
    } else {
      command
          ->add_option("--on-error", options->on_error,
                       "stop (default): start no target after a failure; continue")
          ->check(CLI::IsMember({"stop", "continue"}));
      command->add_option("--canary", options->canary,
                          "run the first K targets alone first; stop on any failure");
      command->add_option("--report", options->report,
                          "report file (default .rev/fleet-<UTC time>.jsonl)");
      command->add_option("--resume", options->resume,
                          "run what that report did not finish or saw fail");
      command
          ->add_option("--lock-timeout", globals->lock_timeout_seconds,
                       "seconds each target's run waits for its migration lock")
          ->capture_default_str();
    }
    BindAction(command, options, RunFleet, action);
  }
}

}  // namespace rev::cli
