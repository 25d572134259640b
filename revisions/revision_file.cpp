#include "revisions/revision_file.h"

#include <cstdio>
#include <optional>

#include "revisions/header_entries.h"
#include "revisions/join.h"
#include "revisions/run_command.h"
#include "revisions/utf8.h"

namespace rev::revisions {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr const char* kHeaderHint =
    "a revision file starts with `-- revision: ID` and `-- down_revision: PARENT` lines, "
    "then `-- rev:upgrade` and its SQL (see `rev create`)";

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The layout of a file: where its markers are and the header text they close.
struct Layout {
  std::string header;  // header lines without `-- `, one per file line
  int upgrade_line = 0;
  int downgrade_line = 0;
  size_t upgrade_begin = 0, upgrade_end = 0;  // byte range of the upgrade SQL
  size_t downgrade_begin = 0;                 // downgrade SQL runs to the end
  // What follows `-- rev:upgrade-run:` / `-- rev:downgrade-run:`, for a section that runs
  // a program.
  std::optional<std::string_view> upgrade_run, downgrade_run;
};

Status At(Status status, const std::string& path, int line) {
  return std::move(status).At({path, line, 0});
}

// Reads one `-- rev:NAME` marker at `line`, updating `layout`.
Status ReadMarker(std::string_view name, int line, size_t line_begin, size_t next_begin,
                  const std::string& path, Layout* layout) {
  std::optional<std::string_view> command;  // a `NAME-run: COMMAND` marker's command
  size_t colon = name.find(':');
  if (colon != std::string_view::npos &&
      (name.substr(0, colon) == "upgrade-run" || name.substr(0, colon) == "downgrade-run")) {
    command = name.substr(colon + 1);
    name = name.substr(0, colon - 4);
  }
  if (name == "upgrade") {
    if (layout->upgrade_line != 0) {
      return At(Status::InvalidInput("a second `-- rev:upgrade` marker (the first is at line " +
                                     std::to_string(layout->upgrade_line) + ")")
                    .WithHint("a revision has one upgrade section; remove one marker"),
                path, line);
    }
    layout->upgrade_line = line;
    layout->upgrade_begin = next_begin;
    layout->upgrade_run = command;
    return Status::Ok();
  }
  if (name == "downgrade") {
    if (layout->upgrade_line == 0) {
      return At(Status::InvalidInput("`-- rev:downgrade` comes before `-- rev:upgrade`")
                    .WithHint("put the upgrade section first, then the downgrade section"),
                path, line);
    }
    if (layout->downgrade_line != 0) {
      return At(Status::InvalidInput("a second `-- rev:downgrade` marker (the first is at line " +
                                     std::to_string(layout->downgrade_line) + ")")
                    .WithHint("a revision has one downgrade section; remove one marker"),
                path, line);
    }
    layout->downgrade_line = line;
    layout->upgrade_end = line_begin;
    layout->downgrade_begin = next_begin;
    layout->downgrade_run = command;
    return Status::Ok();
  }
  return At(Status::InvalidInput("unknown marker `-- rev:" + std::string(name) + "`")
                .WithHint("the markers are `-- rev:upgrade` and `-- rev:downgrade`, or "
                          "`-- rev:upgrade-run: COMMAND` and `-- rev:downgrade-run: COMMAND`"),
            path, line);
}

Result<Layout> ReadLayout(std::string_view text, const std::string& path) {
  Layout layout;
  int line = 0;
  size_t begin = 0;
  while (begin < text.size()) {
    ++line;
    size_t newline = text.find('\n', begin);
    size_t end = newline == std::string_view::npos ? text.size() : newline;
    size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    std::string_view content = TrimRight(text.substr(begin, end - begin));

    std::string_view marker = content;
    if (marker.substr(0, 2) == "--") {
      marker.remove_prefix(2);
      while (!marker.empty() && marker.front() == ' ') marker.remove_prefix(1);
    }
    if (content.substr(0, 2) == "--" && marker.substr(0, 4) == "rev:") {
      REV_RETURN_IF_ERROR(ReadMarker(marker.substr(4), line, begin, next, path, &layout));
    } else if (layout.upgrade_line == 0) {
      if (content.substr(0, 2) == "--") {
        std::string_view yaml = content.substr(2);
        if (!yaml.empty() && yaml.front() == ' ') yaml.remove_prefix(1);
        layout.header.append(yaml);
      } else if (!content.empty()) {
        return At(Status::InvalidInput(
                      "SQL before the `-- rev:upgrade` marker; expected a `-- key: value` "
                      "header line")
                      .WithHint("SQL goes below `-- rev:upgrade` (or `-- rev:downgrade`)"),
                  path, line);
      }
      layout.header.push_back('\n');
    }
    begin = next;
  }
  if (layout.downgrade_line == 0) layout.upgrade_end = text.size();
  if (IsBlank(layout.header)) {
    return At(Status::InvalidInput("no header: the file has no `-- revision: ID` line")
                  .WithHint(kHeaderHint),
              path, 1);
  }
  if (layout.upgrade_line == 0) {
    return At(Status::InvalidInput("no `-- rev:upgrade` marker")
                  .WithHint("add a line `-- rev:upgrade` after the header, followed by the SQL"),
              path, line);
  }
  return layout;
}

// Turns header entries into fields, checking each key's type.
class HeaderInterpreter {
 public:
  HeaderInterpreter(const std::string& path, std::vector<Notice>* warnings)
      : path_(path), warnings_(warnings) {}

  // The fields the header sets; sections, path and checksum are left to the caller.
  Result<Revision::Fields> Read(const std::vector<HeaderEntry>& entries) {
    // A header has a handful of keys: a pairwise check beats building a map for each file.
    const HeaderEntry* revision_entry = nullptr;
    bool has_down_revision = false;
    for (size_t i = 0; i < entries.size(); ++i) {
      const HeaderEntry& entry = entries[i];
      for (size_t j = 0; j < i; ++j) {
        if (entries[j].key != entry.key) continue;
        return Error(entry,
                     "duplicate header key '" + entry.key + "' (first at line " +
                         std::to_string(entries[j].line) + ")",
                     "keep one `" + entry.key + ":` line");
      }
      if (entry.key == "revision") revision_entry = &entry;
      if (entry.key == "down_revision") has_down_revision = true;
    }
    if (revision_entry == nullptr) {
      return At(Status::InvalidInput("the header has no `revision:` key").WithHint(kHeaderHint),
                path_, 1);
    }
    REV_ASSIGN_OR_RETURN(std::string id_text, Scalar(*revision_entry));
    auto id = RevisionId::Parse(id_text);
    if (!id.ok()) return Error(*revision_entry, "revision: " + id.status().message(), "");

    Revision::Fields fields(std::move(id).value());
    fields.lines.revision = revision_entry->line;
    f_ = &fields;
    for (const HeaderEntry& entry : entries) {
      if (&entry != revision_entry) REV_RETURN_IF_ERROR(ReadEntry(entry));
    }
    if (!has_down_revision) {
      return At(Status::InvalidInput("the header has no `down_revision:` key")
                    .WithHint("write `-- down_revision: null` for a base revision, or the "
                              "parent's id"),
                path_, fields.lines.revision);
    }
    return fields;
  }

 private:
  Status ReadEntry(const HeaderEntry& entry) {
    const std::string& key = entry.key;
    if (key == "down_revision") {
      f_->lines.down_revision = entry.line;
      REV_RETURN_IF_ERROR(NameList(entry, "a revision id", &f_->down_revisions));
    } else if (key == "depends_on") {
      f_->lines.depends_on = entry.line;
      REV_RETURN_IF_ERROR(NameList(entry, "a revision id or branch label", &f_->depends_on));
    } else if (key == "replaces") {
      f_->lines.replaces = entry.line;
      REV_RETURN_IF_ERROR(NameList(entry, "a revision id", &f_->replaces));
    } else if (key == "branch_labels") {
      f_->lines.branch_labels = entry.line;
      REV_RETURN_IF_ERROR(LabelList(entry));
    } else if (key == "message") {
      if (entry.value.kind != HeaderValue::Kind::kNull) {
        REV_ASSIGN_OR_RETURN(f_->message, Scalar(entry));
      }
    } else if (key == "created_at") {
      if (entry.value.kind != HeaderValue::Kind::kNull) {
        REV_ASSIGN_OR_RETURN(f_->created_at, Scalar(entry));
      }
    } else if (key == "transactional") {
      REV_ASSIGN_OR_RETURN(std::string text, Scalar(entry));
      if (text == "true" || text == "True" || text == "TRUE") {
        f_->transactional = true;
      } else if (text == "false" || text == "False" || text == "FALSE") {
        f_->transactional = false;
      } else {
        return Error(entry, "transactional must be true or false, not '" + text + "'", "");
      }
    } else {
      warnings_->push_back({"unknown-header-key",
                            "unknown header key '" + key + "' is ignored",
                            {path_, entry.line, 0},
                            "the keys are revision, down_revision, message, created_at, "
                            "branch_labels, depends_on, transactional, replaces"});
    }
    return Status::Ok();
  }

  Result<std::string> Scalar(const HeaderEntry& entry) {
    if (entry.value.kind != HeaderValue::Kind::kScalar) {
      return Error(entry, entry.key + " must be a single value, not " + Describe(entry.value), "");
    }
    return entry.value.scalar;
  }

  // null, one value or a list of values; `null` and `[]` both mean none.
  Result<std::vector<std::string>> Items(const HeaderEntry& entry, const char* what) {
    switch (entry.value.kind) {
      case HeaderValue::Kind::kNull:
        return std::vector<std::string>{};
      case HeaderValue::Kind::kScalar:
        return std::vector<std::string>{entry.value.scalar};
      case HeaderValue::Kind::kList:
        return entry.value.list;
      case HeaderValue::Kind::kOther:
        break;
    }
    return Error(
        entry,
        entry.key + " must be null, " + what + " or a list of them, not " + Describe(entry.value),
        "");
  }

  // A list of RevisionIds (down_revision) or RevisionRefs (depends_on: ids or labels).
  template <typename Name>
  Status NameList(const HeaderEntry& entry, const char* what, std::vector<Name>* out) {
    REV_ASSIGN_OR_RETURN(std::vector<std::string> items, Items(entry, what));
    for (const std::string& item : items) {
      auto name = Name::Parse(item);
      if (!name.ok()) return Error(entry, entry.key + ": " + name.status().message(), "");
      for (const Name& earlier : *out) {
        if (earlier == *name) return Error(entry, entry.key + " names '" + item + "' twice", "");
      }
      out->push_back(std::move(name).value());
    }
    return Status::Ok();
  }

  Status LabelList(const HeaderEntry& entry) {
    REV_ASSIGN_OR_RETURN(std::vector<std::string> items, Items(entry, "a label"));
    for (const std::string& item : items) {
      auto label = BranchLabel::Parse(item);
      if (!label.ok()) return Error(entry, "branch_labels: " + label.status().message(), "");
      for (const BranchLabel& earlier : f_->branch_labels) {
        if (earlier == *label) return Error(entry, "branch_labels names '" + item + "' twice", "");
      }
      f_->branch_labels.push_back(std::move(label).value());
    }
    return Status::Ok();
  }

  static std::string Describe(const HeaderValue& value) {
    switch (value.kind) {
      case HeaderValue::Kind::kNull:
        return "null";
      case HeaderValue::Kind::kScalar:
        return "a single value";
      case HeaderValue::Kind::kList:
        return "a list";
      case HeaderValue::Kind::kOther:
        return value.other_description;
    }
    return "something else";
  }

  Status Error(const HeaderEntry& entry, std::string message, std::string hint) {
    Status status = Status::InvalidInput(std::move(message)).At({path_, entry.line, 0});
    if (!hint.empty()) status.WithHint(std::move(hint));
    return status;
  }

  const std::string& path_;
  std::vector<Notice>* warnings_;
  Revision::Fields* f_ = nullptr;  // the fields being filled, during Read
};

}  // namespace

Result<ParsedRevision> ParseRevisionText(std::string_view bytes, const std::string& path,
                                         const ParseOptions& options) {
  Checksum checksum = options.checksum ? Checksum::Of(bytes) : Checksum();
  // Without its BOM a file of only a BOM is empty, and columns count as an editor shows them.
  if (bytes.substr(0, kUtf8Bom.size()) == kUtf8Bom) bytes.remove_prefix(kUtf8Bom.size());
  if (IsBlank(bytes)) {
    return At(Status::InvalidInput("the file is empty").WithHint(kHeaderHint), path, 1);
  }
  if (auto bad = FindInvalidUtf8(bytes)) {
    LineColumn where = LineColumnAt(bytes, *bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(bytes[*bad]));
    return Status::InvalidInput(std::string("byte ") + hex + " is not UTF-8")
        .At({path, where.line, where.column})
        .WithHint("save the file as UTF-8");
  }

  REV_ASSIGN_OR_RETURN(Layout layout, ReadLayout(bytes, path));

  std::vector<HeaderEntry> entries;
  if (!ReadSimpleHeader(layout.header, &entries)) {
    auto read = ReadYamlHeader(layout.header);
    if (!read.ok()) {
      const Status& error = read.status();
      return Status(error).At({path, error.location()->line, error.location()->column});
    }
    entries = std::move(read).value();
  }

  std::vector<Notice> warnings;
  REV_ASSIGN_OR_RETURN(Revision::Fields fields, HeaderInterpreter(path, &warnings).Read(entries));
  fields.path = path;
  fields.checksum = std::move(checksum);

  fields.lines.upgrade_marker = layout.upgrade_line;
  fields.lines.downgrade_marker = layout.downgrade_line;
  std::string_view upgrade =
      bytes.substr(layout.upgrade_begin, layout.upgrade_end - layout.upgrade_begin);
  std::string_view downgrade =
      layout.downgrade_line != 0 ? bytes.substr(layout.downgrade_begin) : std::string_view();
  if (layout.upgrade_run) {
    REV_ASSIGN_OR_RETURN(fields.upgrade_run,
                         ReadRunSection(*layout.upgrade_run, upgrade, layout.upgrade_line, path));
    upgrade = std::string_view();
  }
  if (layout.downgrade_run) {
    REV_ASSIGN_OR_RETURN(fields.downgrade_run, ReadRunSection(*layout.downgrade_run, downgrade,
                                                              layout.downgrade_line, path));
    downgrade = std::string_view();
  }
  if (options.sections) {
    fields.upgrade_sql = std::string(upgrade);
    if (layout.downgrade_line != 0) fields.downgrade_sql = std::string(downgrade);
  } else {
    fields.sections_loaded = false;
    fields.upgrade_content = ClassifySection(upgrade);
    fields.downgrade_blank = ClassifySection(downgrade) != SectionContent::kSql;
    if (layout.downgrade_line != 0) fields.downgrade_sql = std::string();
  }
  return ParsedRevision{Revision(std::move(fields)), std::move(warnings)};
}

namespace {

// `[a, b]`, or with `scalar_when_one` `null` for none and `a` for one (down_revision's form).
template <typename Name>
std::string YamlNames(const std::vector<Name>& names, bool scalar_when_one) {
  if (names.empty()) return scalar_when_one ? "null" : "[]";
  if (names.size() == 1 && scalar_when_one) return names.front().str();
  return "[" + Join(names) + "]";
}

}  // namespace

std::string RenderRevisionFile(const NewRevision& revision) {
  std::string text;
  text += "-- revision: " + revision.id.str() + "\n";
  text += "-- down_revision: " + YamlNames(revision.down_revisions, true) + "\n";
  text += "-- message: " + QuoteYamlScalar(revision.message) + "\n";
  text += "-- created_at: " + QuoteYamlScalar(revision.created_at) + "\n";
  text += "-- branch_labels: " + YamlNames(revision.branch_labels, false) + "\n";
  text += "-- depends_on: " + YamlNames(revision.depends_on, false) + "\n";
  // Only a squashed revision says what it replaces: other files stay as they always were.
  if (!revision.replaces.empty()) {
    text += "-- replaces: " + YamlNames(revision.replaces, false) + "\n";
  }
  text += std::string("-- transactional: ") + (revision.transactional ? "true" : "false") + "\n";
  text += "\n-- rev:upgrade\n";
  if (!revision.upgrade_sql.empty()) text += revision.upgrade_sql + "\n";
  if (!revision.downgrade_marker) return text;
  text += "\n-- rev:downgrade\n";
  if (!revision.downgrade_sql.empty()) text += revision.downgrade_sql + "\n";
  return text;
}

}  // namespace rev::revisions
