#include "engine/schema/rename_hints.h"

#include <sstream>

#include "engine/schema/sql_text.h"

namespace rev::engine::schema {
namespace {

constexpr std::string_view kMarker = "-- rev:renamed-from ";

// `name` as the desired schema spells it: itself, or on PostgreSQL "schema.name" for the
// one table of that bare name.
std::string TableNamed(const Schema& desired, const std::string& name) {
  if (desired.FindTable(name) != nullptr) return name;
  for (const Table& table : desired.tables) {
    size_t dot = table.name.find('.');
    if (dot != std::string::npos && Lower(table.name.substr(dot + 1)) == Lower(name)) {
      return table.name;
    }
    if (Lower(table.name) == Lower(name)) return table.name;
  }
  return name;
}

// The old name in the new one's schema ("public.users" renamed from "members" is
// "public.members").
std::string Sibling(const std::string& new_name, const std::string& old_bare) {
  size_t dot = new_name.find('.');
  return dot == std::string::npos ? old_bare : new_name.substr(0, dot + 1) + old_bare;
}

// "CREATE TABLE [IF NOT EXISTS] name": the name, else "".
std::string CreatedTable(std::string_view code) {
  std::string collapsed = CollapseSpace(code);
  std::string words = Lower(collapsed);
  for (std::string_view prefix : {"create table if not exists ", "create table ",
                                  "create unlogged table ", "create temp table "}) {
    if (words.rfind(prefix, 0) != 0) continue;
    std::string_view rest = std::string_view(collapsed).substr(prefix.size());
    std::string first = FirstIdentifier(rest);
    std::string_view after = AfterFirstIdentifier(rest);
    if (!after.empty() && after.front() == '.') return FirstIdentifier(after.substr(1));
    return first;
  }
  return "";
}

// A column of `table` in `desired` as the catalog spells it (PostgreSQL folds unquoted
// names to lower case).
std::string ColumnNamed(const Schema& desired, const std::string& table, const std::string& name) {
  const Table* found = desired.FindTable(table);
  if (found == nullptr) return name;
  for (const Column& column : found->columns) {
    if (Lower(column.name) == Lower(name)) return column.name;
  }
  return name;
}

// An old name as the catalog spells it: PostgreSQL folds an unquoted one to lower case.
std::string OldName(const Schema& desired, std::string_view text) {
  std::string name = FirstIdentifier(text);
  bool quoted = !text.empty() && text.front() == '"';
  return desired.kind == backends::DatabaseKind::kPostgres && !quoted ? Lower(name) : name;
}

}  // namespace

Result<std::vector<RenameHint>> ReadRenameHints(const std::string& schema_text,
                                                const std::string& file, const Schema& desired) {
  std::vector<RenameHint> hints;
  std::istringstream lines(schema_text);
  std::string line;
  std::string table;  // the table whose CREATE TABLE was seen last
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    size_t marker = line.find(kMarker);
    std::string_view code = std::string_view(line).substr(0, marker);
    std::string created = CreatedTable(code);
    if (!created.empty()) table = TableNamed(desired, created);
    if (marker == std::string::npos) continue;
    std::string old_name = OldName(desired, std::string_view(line).substr(marker + kMarker.size()));
    if (old_name.empty()) {
      return Status::InvalidInput("a rename hint names no old name")
          .At({file, number, 0})
          .WithHint("write `-- rev:renamed-from OLD_NAME`");
    }
    if (!created.empty()) {
      hints.push_back({table, "", Sibling(table, old_name)});
      continue;
    }
    std::string column = FirstIdentifier(code);
    if (table.empty() || column.empty()) {
      return Status::InvalidInput(
                 "a rename hint must end a CREATE TABLE line or a column's line inside one")
          .At({file, number, 0})
          .WithHint("move `-- rev:renamed-from " + old_name + "` to the line that creates it");
    }
    hints.push_back({table, ColumnNamed(desired, table, column), old_name});
  }
  return hints;
}

std::vector<RenameHint> ReversedHints(const std::vector<RenameHint>& hints) {
  std::vector<RenameHint> reversed;
  for (const RenameHint& hint : hints) {
    if (hint.column.empty()) {
      reversed.push_back({hint.old_name, "", hint.table});
      continue;
    }
    std::string old_table = hint.table;
    for (const RenameHint& table_hint : hints) {
      if (table_hint.column.empty() && table_hint.table == hint.table) {
        old_table = table_hint.old_name;
      }
    }
    reversed.push_back({old_table, hint.old_name, hint.column});
  }
  return reversed;
}

}  // namespace rev::engine::schema
