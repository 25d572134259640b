#include "cli/commands/status.h"

#include "cli/database_session.h"
#include "cli/progress.h"
#include "cli/revision_view.h"
#include "cli/schema_view.h"
#include "engine/ids_json.h"
#include "engine/operations/database_state.h"
#include "engine/operations/squashed_heads.h"
#include "engine/planner.h"
#include "engine/schema/introspect.h"
#include "revisions/capped_list.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

using engine::backends::HistoryRow;
using engine::operations::DatabaseState;

// What status reports, gathered once; printed as text or JSON.
struct Report {
  std::string where;
  engine::RevisionIds current;
  engine::RevisionIds heads;
  engine::RevisionIds unknown;
  engine::Plan pending;
  std::vector<engine::operations::Drift> drift;
  std::optional<HistoryRow> dirty;
  std::optional<HistoryRow> last_failure;
  bool in_progress = false;  // another rev holds the migration lock now
  std::vector<engine::backends::LockHolder> lock_holders;  // who, where the database says
  std::optional<engine::schema::Schema> schema;            // -v: the database's tables and columns

  bool up_to_date() const { return pending.empty() && unknown.empty() && drift.empty() && !dirty; }
};

nlohmann::json RowJson(const HistoryRow& row, bool in_progress) {
  nlohmann::json entry = {
      {"id", row.id},
      {"revision", row.revision},
      {"direction", row.direction},
      {"status", engine::backends::StepStatusName(row.status)},
      {"started_at", row.started_at},
      {"finished_at", row.finished_at.empty() ? nlohmann::json() : nlohmann::json(row.finished_at)},
      {"error", row.error.empty() ? nlohmann::json() : nlohmann::json(row.error)},
      {"run_by", row.run_by}};
  if (in_progress) entry["in_progress"] = true;
  return entry;
}

nlohmann::json HoldersJson(const std::vector<engine::backends::LockHolder>& holders) {
  nlohmann::json list = nlohmann::json::array();
  for (const engine::backends::LockHolder& holder : holders) {
    nlohmann::json entry = {
        {"mode", holder.mode}, {"pid", holder.pid}, {"description", holder.description}};
    if (holder.mode == "lease") {
      entry["host"] = holder.host;
      entry["run_id"] = holder.run_id;
      entry["token"] = holder.token;
      entry["expires_at"] = holder.expires_at;
      entry["expired"] = holder.expired;
    }
    list.push_back(std::move(entry));
  }
  return list;
}

nlohmann::json ReportJson(const Report& report) {
  nlohmann::json pending = nlohmann::json::array();
  for (const engine::Step& step : report.pending.steps) pending.push_back(step.revision.str());
  nlohmann::json drift = nlohmann::json::array();
  for (const engine::operations::Drift& item : report.drift) {
    drift.push_back({{"revision", item.revision},
                     {"path", item.path.empty() ? nlohmann::json() : nlohmann::json(item.path)},
                     {"state", item.path.empty() ? "missing" : "changed"},
                     {"recorded_checksum", item.recorded_checksum},
                     {"current_checksum", item.current_checksum.empty()
                                              ? nlohmann::json()
                                              : nlohmann::json(item.current_checksum)}});
  }
  bool running = report.in_progress && report.dirty &&
                 report.dirty->status == engine::backends::StepStatus::kStarted;
  nlohmann::json document = {
      {"current", report.current},
      {"heads", report.heads},
      {"pending", pending},
      {"unknown", report.unknown},
      {"drift", drift},
      {"dirty", report.dirty ? RowJson(*report.dirty, running) : nlohmann::json()},
      {"last_failure",
       report.last_failure ? RowJson(*report.last_failure, false) : nlohmann::json()},
      {"in_progress", report.in_progress},
      {"lock_holders", HoldersJson(report.lock_holders)},
      {"up_to_date", report.up_to_date()}};
  if (report.schema) document["schema"] = SchemaJson(*report.schema);
  return document;
}

std::string DirtyText(const HistoryRow& row, bool in_progress) {
  if (in_progress && row.status == engine::backends::StepStatus::kStarted) {
    return "in progress: the " + row.direction + " of " + row.revision + " started at " +
           row.started_at + " (another rev holds the migration lock)";
  }
  std::string what = row.status == engine::backends::StepStatus::kStarted
                         ? "started at " + row.started_at + " and never finished"
                         : "failed at " + row.finished_at + ": " + row.error;
  return "the " + row.direction + " of " + row.revision + " (transactional: false) " + what;
}

std::string FailureText(const HistoryRow& row) {
  bool rolled_back = row.status == engine::backends::StepStatus::kRolledBack;
  return "the " + row.direction + " of " + row.revision + " at " + row.started_at +
         (rolled_back ? " was rolled back" : " failed") +
         (row.error.empty() ? "" : ": " + row.error);
}

// Long lists are capped unless --verbose asks for all (JSON always has all).
void PrintList(Output& out, const std::vector<std::string>& items) {
  size_t shown = out.verbose() ? items.size() : revisions::kCappedListShown;
  for (const std::string& line :
       revisions::CappedLines(items, "  ", revisions::kListAllCommand, shown)) {
    out.Print(line);
  }
}

void PrintDrift(Output& out, const std::vector<engine::operations::Drift>& drift) {
  if (drift.empty()) {
    out.Print("Drift:        none");
    return;
  }
  out.Print("Drift:        " + std::to_string(drift.size()) + " applied revision" +
            (drift.size() == 1 ? "" : "s") + " changed since applied");
  std::vector<std::string> lines;
  lines.reserve(drift.size());
  for (const engine::operations::Drift& item : drift) {
    lines.push_back(engine::operations::DriftLine(item));
  }
  PrintList(out, lines);
}

void PrintReport(Output& out, const engine::RevisionGraph& graph, const Report& report) {
  out.Print("Database:     " + report.where);
  out.Print("Current:      " + revisions::Join(report.current, ", ", "base (nothing applied)"));
  out.Print("Heads:        " + revisions::Join(report.heads, ", ", "none (no revisions)"));
  if (!report.unknown.empty()) {
    // A head a squash replaced is not ahead: it is behind, where this folder cannot go on.
    Status inside = engine::operations::CheckNoHeadInsideSquash(report.unknown, graph);
    out.Print("Unknown:      " + revisions::Join(report.unknown, ", ", "") +
              (inside.ok() ? " (the database is ahead of this checkout)"
                           : " (inside a squash: " + inside.hint() + ")"));
  }
  out.Print("Pending:      " + (report.pending.empty()
                                    ? std::string("none")
                                    : std::to_string(report.pending.steps.size()) + " revision" +
                                          (report.pending.steps.size() == 1 ? "" : "s")));
  std::vector<std::string> pending;
  pending.reserve(report.pending.steps.size());
  for (const engine::Step& step : report.pending.steps) {
    pending.push_back(StepText(step, graph.Get(step.revision)));
  }
  PrintList(out, pending);
  PrintDrift(out, report.drift);
  out.Print("Dirty:        " +
            (report.dirty ? DirtyText(*report.dirty, report.in_progress) : std::string("no")));
  if (report.dirty &&
      !(report.in_progress && report.dirty->status == engine::backends::StepStatus::kStarted)) {
    out.Print(
        "  fix: check what of it ran; then `rev stamp` the revision it reached, or undo "
        "its partial changes and run `rev repair`");
  }
  const std::optional<HistoryRow>& failure = report.last_failure;
  out.Print("Last failure: " + (failure ? FailureText(*failure) : std::string("none")));
  if (report.in_progress && !report.dirty) out.Print("In progress:  another rev holds the lock");
  for (const engine::backends::LockHolder& holder : report.lock_holders) {
    out.Print("Lock:         " + holder.mode + " lock held by " + holder.description);
  }
  if (report.schema) {
    out.Print("Schema:");
    for (const std::string& line : SchemaLines(*report.schema)) out.Print("  " + line);
  }
  out.Note(report.up_to_date() ? "Up to date." : "Not up to date.");
}

// What --exit-code fails for, e.g. "3 revisions pending, 1 drifted".
std::string WhyNotUpToDate(const Report& report) {
  std::vector<std::string> reasons;
  auto count = [](size_t n, const char* what) {
    return std::to_string(n) + " revision" + (n == 1 ? " " : "s ") + what;
  };
  if (!report.pending.empty()) reasons.push_back(count(report.pending.steps.size(), "pending"));
  if (!report.drift.empty()) reasons.push_back(count(report.drift.size(), "drifted"));
  if (!report.unknown.empty()) reasons.push_back("heads the folder does not know");
  if (report.dirty) reasons.push_back("dirty");
  return revisions::Join(reasons, ", ", "");
}

Result<Report> Gather(Context& context, const engine::RevisionGraph& graph) {
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  engine::backends::Backend& backend = session->backend();
  REV_ASSIGN_OR_RETURN(DatabaseState state, engine::operations::ReadDatabaseState(backend, graph));
  Report report;
  report.where = session->url().Redacted();
  REV_ASSIGN_OR_RETURN(report.in_progress, backend.IsMigrationLockHeld());
  REV_ASSIGN_OR_RETURN(report.lock_holders, backend.ReadLockHolders());
  report.current = state.heads;
  report.heads = graph.Heads();
  std::sort(report.heads.begin(), report.heads.end());
  report.unknown = engine::operations::UnknownHeads(state.heads, graph);
  if (report.unknown.empty()) {
    REV_ASSIGN_OR_RETURN(report.pending,
                         engine::PlanUpgrade(graph, state.heads,
                                             engine::KeywordTarget{engine::Keyword::kHeads, {}}));
  }
  report.drift = engine::operations::FindDrift(state, graph);
  report.dirty = state.dirty;
  report.last_failure = state.last_failure;
  if (context.out().verbose()) {
    REV_ASSIGN_OR_RETURN(report.schema,
                         engine::schema::Introspect(
                             backend, engine::schema::IntrospectOptionsFor(session->options())));
  }
  return report;
}

}  // namespace

void RegisterStatus(CLI::App& app, Action* action) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* command = app.add_subcommand(
      "status", "Show the database against the folder: pending, drift, dirty, failures");
  command->add_flag("--exit-code", options->exit_code, "exit 1 when not up to date");
  BindAction(command, options, RunStatus, action);
}

Status RunStatus(const StatusOptions& options, Context& context) {
  context.SkipSections();  // runs no SQL
  REV_ASSIGN_OR_RETURN(const engine::RevisionGraph* graph, context.Graph());
  REV_ASSIGN_OR_RETURN(Report report, Gather(context, *graph));
  if (context.out().json()) {
    context.out().Document(ReportJson(report));
  } else {
    PrintReport(context.out(), *graph, report);
  }
  if (options.exit_code && !report.up_to_date()) {
    return Status::Failed("the database is not up to date: " + WhyNotUpToDate(report))
        .WithHint("`rev upgrade heads` applies what is pending; see above for the rest");
  }
  return Status::Ok();
}

}  // namespace rev::cli
