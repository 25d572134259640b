#include "cli/man_page.h"

#include "cli/exit_code.h"

namespace rev::cli {
namespace {

// `text` as roff prose: backslashes and hyphen-minus escaped (so that options stay
// copyable as ASCII), and a leading '.' or '\'' kept from reading as a request.
std::string Roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string Bold(const std::string& text) { return "\\fB" + Roff(text) + "\\fR"; }
std::string Italic(const std::string& text) { return "\\fI" + Roff(text) + "\\fR"; }

// A positional as a synopsis shows it: `target`, `[target]`, `revisions...`.
std::string PositionalUsage(const OptionEntry& positional) {
  std::string text = Italic(positional.positional) + (positional.repeats ? "..." : "");
  return positional.required ? text : "[" + text + "]";
}

// `.TP` with the option's names and value, then its description.
std::string OptionItem(const OptionEntry& option) {
  std::string head;
  for (const std::string& flag : option.flags) head += (head.empty() ? "" : ", ") + Bold(flag);
  if (head.empty()) head = Italic(option.positional);
  if (!option.flags.empty() && !option.value_name.empty()) head += " " + Italic(option.value_name);
  std::string description = option.description;
  if (option.repeats && !option.flags.empty()) description += " (may be repeated)";
  return ".TP\n" + head + "\n" + Roff(description) + "\n";
}

std::string CommandSection(const CommandEntry& command) {
  std::string usage = "rev " + command.Name();
  std::string text = ".SS \"" + Roff(usage) + "\"\n";
  std::string synopsis = Bold(usage);
  if (!command.options.empty()) synopsis += " [" + Italic("OPTIONS") + "]";
  for (const OptionEntry& positional : command.positionals) {
    synopsis += " " + PositionalUsage(positional);
  }
  if (!command.subcommands.empty()) synopsis += " " + Italic("COMMAND");
  text += Roff(command.description) + ".\n.br\n" + synopsis + "\n";
  if (!command.subcommands.empty()) {
    text += ".br\nCommands: ";
    std::string names;
    for (const std::string& name : command.subcommands) {
      names += (names.empty() ? "" : ", ") + Bold(name);
    }
    text += names + ".\n";
  }
  for (const OptionEntry& positional : command.positionals) text += OptionItem(positional);
  for (const OptionEntry& option : command.options) {
    if (option.positional.empty()) text += OptionItem(option);
  }
  return text;
}

constexpr const char* kDescription =
    ".B rev\n"
    "is a database migration engine in the style of Alembic, for migrations written in plain\n"
    "SQL. Each migration is one\n"
    ".I .sql\n"
    "file, a revision, whose header names its parent\n"
    "(\\fBdown_revision\\fR). The revisions form a graph: branches, merge points,\n"
    "\\fBdepends_on\\fR and branch labels. Against SQLite and PostgreSQL rev keeps the applied\n"
    "heads in a version table, runs each step in one transaction with its bookkeeping,\n"
    "records every step in a history table and holds a migration lock.\n"
    ".PP\n"
    "A target is \\fBhead\\fR, \\fBheads\\fR, \\fBbase\\fR, a revision id or a unique prefix\n"
    "of 4 or more characters, \\fB+N\\fR or \\fB\\-N\\fR, \\fIREV\\fB+N\\fR, "
    "\\fIlabel\\fB@head\\fR,\n"
    "or a range \\fISTART\\fB:\\fIEND\\fR for \\fB\\-\\-sql\\fR and \\fBhistory \\-r\\fR.\n"
    ".PP\n"
    "The global options may also follow the command: \\fBrev heads \\-\\-json\\fR.\n";

constexpr const char* kEnvironment =
    ".TP\n.B REV_DATABASE_URL\n"
    "The database, over rev.yaml's \\fBdatabase:\\fR (\\fB\\-d\\fR is over both).\n"
    ".TP\n.B REV_DEV_DATABASE_URL\n"
    "The scratch database of the schema commands, over rev.yaml's \\fBdev_database:\\fR.\n"
    ".TP\n.B NO_COLOR\n"
    "Set and not empty: no colour, as \\fB\\-\\-no\\-color\\fR.\n"
    ".TP\n.B TERM\n"
    "\\fBdumb\\fR: no colour.\n"
    ".TP\n.I NAME\n"
    "Any variable rev.yaml names as \\fB${NAME}\\fR or \\fB${NAME:\\-default}\\fR.\n";

constexpr const char* kFiles =
    ".TP\n.I rev.yaml\n"
    "The project: its revisions folder, database, environments and settings; found in the\n"
    "working folder or the nearest folder above it, or given with \\fB\\-c\\fR.\n"
    ".TP\n.I revisions/*.sql\n"
    "The revision files.\n"
    ".TP\n.I .rev/\n"
    "Beside rev.yaml: what rev keeps for itself (the scan cache, the journal).\n";

}  // namespace

std::string ManPage(const CommandTable& table) {
  // No hyphenation, ragged right: option names stay whole, to be read and copied.
  std::string page = ".TH REV 1 \"\" \"rev " REV_VERSION "\" \"User Commands\"\n.nh\n.ad l\n";
  page += ".SH NAME\nrev \\- " + Roff(table.description.substr(table.description.find(": ") + 2)) +
          "\n";
  page +=
      ".SH SYNOPSIS\n.B rev\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR] "
      "[\\fIARGUMENTS\\fR]\n.br\n.B rev \\-\\-help\n.br\n.B rev \\fICOMMAND\\fB \\-\\-help\n";
  page += ".SH DESCRIPTION\n" + std::string(kDescription);
  page += ".SH GLOBAL OPTIONS\n";
  for (const OptionEntry& option : table.globals) page += OptionItem(option);
  page += ".SH COMMANDS\n";
  for (const CommandEntry& command : table.commands) page += CommandSection(command);
  page += ".SH EXIT STATUS\n";
  for (const ExitCodeMeaning& row : ExitCodeMeanings()) {
    page += ".TP\n.B " + std::to_string(row.exit_code) + "\n" + Roff(row.meaning) + "\n";
  }
  page += ".SH ENVIRONMENT\n" + std::string(kEnvironment);
  page += ".SH FILES\n" + std::string(kFiles);
  page +=
      ".SH SEE ALSO\n\\fBrev \\-\\-help\\fR, \\fBrev\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR; "
      "the line reverser of util\\-linux, when rev's package diverted it: "
      "\\fBrev.util\\-linux\\fR(1).\n";
  return page;
}

}  // namespace rev::cli
