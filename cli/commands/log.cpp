#include "cli/commands/log.h"

#include <algorithm>

#include "cli/database_session.h"
#include "cli/progress.h"
#include "engine/ids_json.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

using engine::backends::HistoryRow;

nlohmann::json Nullable(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

nlohmann::json RowJson(const HistoryRow& row) {
  return {
      {"id", row.id},
      {"revision", Nullable(row.revision)},
      {"direction", row.direction},
      {"from", row.from_heads},
      {"to", row.to_heads},
      {"status", engine::backends::StepStatusName(row.status)},
      {"transactional", row.transactional},
      {"checksum", Nullable(row.checksum)},
      {"started_at", row.started_at},
      {"finished_at", Nullable(row.finished_at)},
      {"duration_ms", row.finished_at.empty() ? nlohmann::json() : nlohmann::json(row.duration_ms)},
      {"error", Nullable(row.error)},
      {"rev_version", row.rev_version},
      {"run_by", row.run_by}};
}

std::string Padded(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

// The columns of one row, before padding.
std::vector<std::string> Columns(const HistoryRow& row) {
  std::string what = row.revision.empty() ? row.direction : row.direction + " " + row.revision;
  std::string took =
      row.finished_at.empty() ? "-" : FormatDuration(std::chrono::milliseconds(row.duration_ms));
  return {"#" + std::to_string(row.id),
          row.started_at,
          what,
          revisions::Join(row.from_heads, ",", "base") + " -> " +
              revisions::Join(row.to_heads, ",", "base"),
          engine::backends::StepStatusName(row.status),
          took,
          "by " + row.run_by};
}

void PrintRows(Output& out, const std::vector<HistoryRow>& rows) {
  std::vector<std::vector<std::string>> table;
  for (const HistoryRow& row : rows) table.push_back(Columns(row));
  std::vector<size_t> widths;
  for (const auto& columns : table) {
    widths.resize(columns.size(), 0);
    for (size_t i = 0; i < columns.size(); ++i) widths[i] = std::max(widths[i], columns[i].size());
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t i = 0; i < table[r].size(); ++i) {
      bool last = i + 1 == table[r].size();
      line += last ? table[r][i] : Padded(table[r][i], widths[i]) + "  ";
    }
    out.Print(line);
    if (!rows[r].error.empty()) out.Print("    error: " + rows[r].error);
  }
}

}  // namespace

void RegisterLog(CLI::App& app, Action* action) {
  auto options = std::make_shared<LogOptions>();
  CLI::App* command =
      app.add_subcommand("log", "Show the database's record of steps, newest first");
  command->add_option("-n,--limit", options->limit, "only the newest N steps");
  BindAction(command, options, RunLog, action);
}

Status RunLog(const LogOptions& options, Context& context) {
  context.SkipSections();  // runs no SQL
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/false));
  REV_ASSIGN_OR_RETURN(std::vector<HistoryRow> rows, session->backend().ReadHistory(options.limit));
  Output& out = context.out();
  if (out.json()) {
    nlohmann::json log = nlohmann::json::array();
    for (const HistoryRow& row : rows) log.push_back(RowJson(row));
    out.Document({{"log", log}});
    return Status::Ok();
  }
  if (rows.empty()) out.Note("No steps recorded yet.");
  PrintRows(out, rows);
  return Status::Ok();
}

}  // namespace rev::cli
