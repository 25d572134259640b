#include "tests/support/random_schema.h"

#include <algorithm>

#include "revisions/join.h"

namespace rev::testing {
namespace {

using engine::backends::DatabaseKind;

int Pick(std::mt19937* random, int count) {
  return std::uniform_int_distribution<int>(0, count - 1)(*random);
}

bool Chance(std::mt19937* random, int percent) { return Pick(random, 100) < percent; }

std::vector<std::string> Types(DatabaseKind kind) {
  if (kind == DatabaseKind::kSqlite) return {"INTEGER", "TEXT", "REAL", "NUMERIC"};
  return {"integer", "bigint", "text", "character varying(20)", "numeric(10,2)", "boolean", "date"};
}

// A wider type for `type` on PostgreSQL (itself when none); any other type on SQLite.
std::string Widened(DatabaseKind kind, const std::string& type, std::mt19937* random) {
  if (kind == DatabaseKind::kSqlite) {
    auto types = Types(kind);
    return types[static_cast<size_t>(Pick(random, static_cast<int>(types.size())))];
  }
  if (type == "integer") return "bigint";
  if (type == "character varying(20)") return Chance(random, 50) ? "character varying(40)" : "text";
  if (type == "numeric(10,2)") return "numeric(14,2)";
  return type;
}

std::string DefaultFor(const std::string& type) {
  if (type.find("char") != std::string::npos || type == "TEXT" || type == "text") return "'x'";
  if (type == "boolean") return "false";
  if (type == "date") return "'2024-01-01'";
  return "0";
}

std::string NewName(RandomSchema* schema, const char* prefix) {
  return prefix + std::to_string(schema->next_name++);
}

RandomColumn NewColumn(RandomSchema* schema, std::mt19937* random) {
  auto types = Types(schema->kind);
  RandomColumn column;
  column.name = NewName(schema, "c");
  column.type = types[static_cast<size_t>(Pick(random, static_cast<int>(types.size())))];
  if (Chance(random, 30)) {
    column.not_null = true;
    column.default_value = DefaultFor(column.type);
  } else if (Chance(random, 20)) {
    column.default_value = DefaultFor(column.type);
  }
  return column;
}

RandomTable NewTable(RandomSchema* schema, std::mt19937* random) {
  RandomTable table;
  table.name = NewName(schema, "t");
  int columns = 1 + Pick(random, 4);
  for (int i = 0; i < columns; ++i) table.columns.push_back(NewColumn(schema, random));
  if (!schema->tables.empty() && Chance(random, 60)) {
    RandomColumn key;
    key.name = NewName(schema, "ref");
    key.type = schema->kind == DatabaseKind::kSqlite ? "INTEGER" : "integer";
    key.references =
        schema->tables[static_cast<size_t>(Pick(random, static_cast<int>(schema->tables.size())))]
            .name;
    table.columns.push_back(key);
  }
  return table;
}

bool Used(const RandomSchema& schema, const std::string& table, const std::string& column) {
  for (const auto& index : schema.indexes) {
    if (index.table == table && std::count(index.columns.begin(), index.columns.end(), column)) {
      return true;
    }
  }
  for (const auto& view : schema.views) {
    if (view.table == table && std::count(view.columns.begin(), view.columns.end(), column)) {
      return true;
    }
  }
  return false;
}

bool Referenced(const RandomSchema& schema, const std::string& table) {
  for (const auto& other : schema.tables) {
    for (const auto& column : other.columns) {
      if (column.references == table && other.name != table) return true;
    }
  }
  return false;
}

// One random change; its description, or "" when the schema had nothing it could apply to.
std::string ChangeOnce(RandomSchema* schema, std::mt19937* random) {
  if (schema->tables.empty()) {
    schema->tables.push_back(NewTable(schema, random));
    return "add table";
  }
  RandomTable& table =
      schema->tables[static_cast<size_t>(Pick(random, static_cast<int>(schema->tables.size())))];
  std::vector<RandomColumn*> plain;
  for (auto& column : table.columns) {
    if (column.references.empty()) plain.push_back(&column);
  }
  RandomColumn* column =
      plain.empty() ? nullptr
                    : plain[static_cast<size_t>(Pick(random, static_cast<int>(plain.size())))];
  switch (Pick(random, 9)) {
    case 0:
      table.columns.push_back(NewColumn(schema, random));
      return "add column to " + table.name;
    case 1:
      if (column == nullptr || Used(*schema, table.name, column->name) ||
          table.columns.size() < 2) {
        return "";
      }
      table.columns.erase(std::find_if(table.columns.begin(), table.columns.end(),
                                       [&](const RandomColumn& c) { return &c == column; }));
      return "drop column of " + table.name;
    case 2:
      if (column == nullptr || Used(*schema, table.name, column->name)) return "";
      column->type = Widened(schema->kind, column->type, random);
      column->default_value =
          column->default_value ? std::optional(DefaultFor(column->type)) : std::nullopt;
      column->check.clear();
      return "change a type in " + table.name;
    case 3:
      if (column == nullptr || column->not_null) return "";
      column->not_null = true;
      column->default_value = DefaultFor(column->type);
      return "NOT NULL with a default in " + table.name;
    case 4:
      if (column == nullptr) return "";
      column->check =
          column->default_value && column->type != "boolean" && column->type != "date"
              ? QuoteName(column->name) + " IS NOT NULL OR " + QuoteName(column->name) + " IS NULL"
              : "";
      return column->check.empty() ? "" : "a CHECK in " + table.name;
    case 5:
      if (column == nullptr) return "";
      schema->indexes.push_back({NewName(schema, "ix"), table.name, {column->name}, false});
      return "add index on " + table.name;
    case 6:
      if (schema->indexes.empty()) return "";
      schema->indexes.erase(schema->indexes.begin() +
                            Pick(random, static_cast<int>(schema->indexes.size())));
      return "drop index";
    case 7:
      if (Chance(random, 50) || Referenced(*schema, table.name)) {
        schema->tables.push_back(NewTable(schema, random));
        return "add table";
      } else {
        std::string name = table.name;
        schema->tables.erase(std::find_if(schema->tables.begin(), schema->tables.end(),
                                          [&](const RandomTable& t) { return t.name == name; }));
        auto of_table = [&](const auto& object) { return object.table == name; };
        schema->indexes.erase(
            std::remove_if(schema->indexes.begin(), schema->indexes.end(), of_table),
            schema->indexes.end());
        schema->views.erase(std::remove_if(schema->views.begin(), schema->views.end(), of_table),
                            schema->views.end());
        return "drop table " + name;
      }
    default:
      if (!schema->views.empty() && Chance(random, 40)) {
        schema->views.erase(schema->views.begin() +
                            Pick(random, static_cast<int>(schema->views.size())));
        return "drop view";
      }
      if (column == nullptr) return "";
      schema->views.push_back({NewName(schema, "v"), table.name, {"id", column->name}});
      return "add view on " + table.name;
  }
}

}  // namespace

std::string QuoteName(const std::string& name) { return "\"" + name + "\""; }

std::string RandomSchema::Sql() const {
  std::string sql;
  for (const auto& table : tables) {
    std::vector<std::string> parts = {"id INTEGER PRIMARY KEY"};
    for (const auto& column : table.columns) {
      std::string part = QuoteName(column.name) + " " + column.type;
      if (column.not_null) part += " NOT NULL";
      if (column.default_value) part += " DEFAULT " + *column.default_value;
      if (!column.references.empty()) part += " REFERENCES " + column.references + "(id)";
      if (!column.check.empty()) part += " CHECK (" + column.check + ")";
      parts.push_back(part);
    }
    sql += "CREATE TABLE " + table.name + " (" + revisions::Join(parts, ", ") + ");\n";
  }
  for (const auto& index : indexes) {
    std::vector<std::string> columns;
    for (const auto& column : index.columns) columns.push_back(QuoteName(column));
    sql += std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + index.name +
           " ON " + index.table + " (" + revisions::Join(columns, ", ") + ");\n";
  }
  for (const auto& view : views) {
    std::vector<std::string> columns;
    for (const auto& column : view.columns) columns.push_back(QuoteName(column));
    sql += "CREATE VIEW " + view.name + " AS SELECT " + revisions::Join(columns, ", ") + " FROM " +
           view.table + ";\n";
  }
  return sql;
}

RandomSchema MakeRandomSchema(DatabaseKind kind, std::mt19937* random) {
  RandomSchema schema;
  schema.kind = kind;
  int tables = 1 + Pick(random, 4);
  for (int i = 0; i < tables; ++i) schema.tables.push_back(NewTable(&schema, random));
  std::vector<std::string> ignored;
  return ChangeRandomly(std::move(schema), 3, random, &ignored);
}

RandomSchema ChangeRandomly(RandomSchema schema, int count, std::mt19937* random,
                            std::vector<std::string>* applied) {
  for (int done = 0; done < count;) {
    std::string change = ChangeOnce(&schema, random);
    if (change.empty()) continue;
    applied->push_back(change);
    ++done;
  }
  return schema;
}

}  // namespace rev::testing
