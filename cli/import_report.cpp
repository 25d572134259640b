#include "cli/import_report.h"

#include "revisions/capped_list.h"
#include "revisions/join.h"

namespace rev::cli {
namespace {

using engine::importers::ImportedRevisions;

nlohmann::json AdoptJson(const AdoptReport& adopt) {
  nlohmann::json heads = nlohmann::json::array();
  for (const auto& head : adopt.heads) heads.push_back(head.str());
  nlohmann::json document{{"database", adopt.database},
                          {"table", adopt.table},
                          {"table_found", adopt.found},
                          {"current", heads},
                          {"pending", adopt.pending}};
  document["schema_differences"] =
      adopt.differences ? nlohmann::json(*adopt.differences) : nlohmann::json(nullptr);
  if (!adopt.schema_note.empty()) document["schema_note"] = adopt.schema_note;
  return document;
}

void PrintJson(Output& out, const ImportReport& report) {
  const ImportedRevisions& imported = *report.imported;
  nlohmann::json revisions = nlohmann::json::array();
  for (size_t i = 0; i < imported.revisions.size(); ++i) {
    revisions.push_back({{"revision", imported.revisions[i].id.str()},
                         {"key", imported.keys[i]},
                         {"source", imported.sources[i]},
                         {"path", (*report.files)[i].shown}});
  }
  nlohmann::json non_transactional = nlohmann::json::array();
  for (const auto& made : imported.non_transactional) {
    non_transactional.push_back({{"revision", made.id}, {"reason", made.reason}});
  }
  nlohmann::json notices = nlohmann::json::array();
  for (const revisions::Notice& notice : *report.notices) {
    nlohmann::json entry{{"code", notice.code}, {"message", notice.message}, {"hint", notice.hint}};
    Output::AddLocation(notice.location, &entry);
    notices.push_back(entry);
  }
  nlohmann::json document{{"tool", report.tool},
                          {"source", report.source},
                          {"revisions", revisions},
                          {"without_downgrade", imported.without_downgrade},
                          {"non_transactional", non_transactional},
                          {"unwrapped", imported.unwrapped},
                          {"no_ops", imported.no_ops},
                          {"notices", notices}};
  if (report.adopt) document["adopt"] = AdoptJson(*report.adopt);
  out.Document(document);
}

void PrintList(Output& out, const std::string& title, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out.Print(title + " (" + std::to_string(items.size()) + "):");
  for (const std::string& line : revisions::CappedLines(items, "  ", "rev import --json")) {
    out.Print(line);
  }
}

void PrintAdopt(Output& out, const AdoptReport& adopt) {
  if (!adopt.found) {
    out.Print("Adopt: " + adopt.database + " has no " + adopt.table +
              " table: nothing was recorded; `rev upgrade head` runs every revision.");
    return;
  }
  if (adopt.heads.empty()) {
    out.Print("Adopt: " + adopt.table + " in " + adopt.database +
              " records nothing applied: nothing was recorded.");
  } else {
    out.Print("Adopted " + adopt.database + " at " + revisions::HeadsText(adopt.heads) + ", as " +
              adopt.table + " says (stamped; no SQL was run; " + adopt.table +
              " is left as it is).");
  }
  if (adopt.pending.empty()) {
    out.Print("It is up to date: nothing to upgrade.");
  } else {
    PrintList(out, "`rev upgrade head` will run what the other tool had not applied",
              adopt.pending);
  }
  if (adopt.differences && *adopt.differences == 0) {
    out.Print("Its schema matches the revisions' schema at " + revisions::HeadsText(adopt.heads) +
              ".");
  } else if (adopt.differences) {
    out.Print("Its schema differs from the revisions' at " + revisions::HeadsText(adopt.heads) +
              " by " + std::to_string(*adopt.differences) + " change(s): `rev diff --from " +
              (adopt.heads.empty() ? std::string("base") : adopt.heads.front().str()) +
              " --to database` shows them.");
  } else if (!adopt.schema_note.empty()) {
    out.Print("Its schema was not compared: " + adopt.schema_note);
  }
}

}  // namespace

void PrintImportReport(Output& out, const ImportReport& report) {
  for (const revisions::Notice& notice : *report.notices) out.Warning(notice);
  if (out.json()) return PrintJson(out, report);
  const ImportedRevisions& imported = *report.imported;
  std::vector<std::string> written;
  for (size_t i = 0; i < imported.revisions.size(); ++i) {
    written.push_back((*report.files)[i].shown + "  (from " + imported.sources[i] + ")");
  }
  out.Print("Imported " + std::to_string(imported.revisions.size()) + " revision" +
            (imported.revisions.size() == 1 ? "" : "s") + " from " + report.tool + " (" +
            report.source + "):");
  for (const std::string& line : revisions::CappedLines(written, "  ", "rev import --json")) {
    out.Print(line);
  }
  PrintList(out, "No down migration in the source, so downgrading through them is refused",
            imported.without_downgrade);
  std::vector<std::string> made;
  for (const auto& entry : imported.non_transactional) {
    made.push_back(entry.id + ": " + entry.reason);
  }
  PrintList(out, "Made `transactional: false`", made);
  PrintList(out, "Their own BEGIN/COMMIT dropped (rev runs each step in a transaction)",
            imported.unwrapped);
  PrintList(out, "Kept as deliberate no-ops (they run nothing)", imported.no_ops);
  if (report.adopt) PrintAdopt(out, *report.adopt);
}

}  // namespace rev::cli
