#include "cli/schema_view.h"

#include <algorithm>

#include "revisions/join.h"

namespace rev::cli {

using engine::schema::Change;
using engine::schema::ChangeKind;
using engine::schema::Changes;
using engine::schema::Column;
using engine::schema::Constraint;
using engine::schema::Object;
using engine::schema::ObjectKind;
using engine::schema::Schema;
using engine::schema::Table;

nlohmann::json ChangesJson(const Changes& changes, const std::vector<std::string>* sql) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < changes.size(); ++i) {
    const Change& change = changes[i];
    nlohmann::json item = {{"kind", change.KindName()},
                           {"object", change.ObjectName()},
                           {"destructive", change.destructive}};
    if (change.destructive) item["why_destructive"] = change.why_destructive;
    if (!change.note.empty()) item["note"] = change.note;
    if (sql != nullptr) {
      std::string text = (*sql)[i];
      if (change.in_rebuild) {
        for (size_t j = 0; j < changes.size(); ++j) {
          if (changes[j].kind == ChangeKind::kRebuildTable && changes[j].table == change.table) {
            text = (*sql)[j];
          }
        }
        item["in_rebuild"] = true;
      }
      item["sql"] = text;
    }
    list.push_back(std::move(item));
  }
  return list;
}

std::vector<std::string> ChangeLines(const Changes& changes) {
  std::vector<std::string> lines;
  for (const Change& change : changes) {
    std::string line = std::string(change.destructive ? "  ! " : "    ") + change.KindName() + " " +
                       change.ObjectName();
    if (change.in_rebuild) line += " (by rebuilding " + change.table + ")";
    if (!change.note.empty()) line += " (" + change.note + ")";
    if (change.destructive) line += ": " + change.why_destructive;
    lines.push_back(std::move(line));
  }
  return lines;
}

namespace {

std::vector<const Constraint*> OfKind(const Table& table, Constraint::Kind kind) {
  std::vector<const Constraint*> found;
  for (const Constraint& constraint : table.constraints) {
    if (constraint.kind == kind) found.push_back(&constraint);
  }
  return found;
}

nlohmann::json Definitions(const std::vector<const Constraint*>& constraints) {
  nlohmann::json list = nlohmann::json::array();
  for (const Constraint* constraint : constraints) {
    nlohmann::json item = {{"definition", constraint->definition},
                           {"columns", constraint->columns}};
    if (!constraint->name.empty()) item["name"] = constraint->name;
    if (!constraint->references.empty()) item["references"] = constraint->references;
    list.push_back(std::move(item));
  }
  return list;
}

std::vector<const Object*> ObjectsOf(const Schema& schema, const std::string& table) {
  std::vector<const Object*> found;
  for (const Object& object : schema.objects) {
    if (object.table == table && object.kind == ObjectKind::kIndex) found.push_back(&object);
  }
  return found;
}

std::string ColumnText(const Column& column) {
  std::string text = column.name + " " + column.type;
  if (column.not_null) text += " NOT NULL";
  if (column.default_value) text += " DEFAULT " + *column.default_value;
  if (!column.identity.empty()) text += " GENERATED " + column.identity + " AS IDENTITY";
  if (!column.generated.empty() && column.generated != column.definition) {
    text += " GENERATED AS " + column.generated;
  }
  return text;
}

}  // namespace

nlohmann::json SchemaJson(const Schema& schema) {
  nlohmann::json tables = nlohmann::json::array();
  for (const Table& table : schema.tables) {
    nlohmann::json columns = nlohmann::json::array();
    for (const Column& column : table.columns) {
      nlohmann::json item = {
          {"name", column.name},
          {"type", column.type},
          {"nullable", !column.not_null},
          {"default",
           column.default_value ? nlohmann::json(*column.default_value) : nlohmann::json(nullptr)}};
      if (!column.generated.empty()) item["generated"] = column.generated;
      if (!column.identity.empty()) item["identity"] = column.identity;
      columns.push_back(std::move(item));
    }
    auto primary = OfKind(table, Constraint::Kind::kPrimaryKey);
    nlohmann::json indexes = nlohmann::json::array();
    for (const Object* index : ObjectsOf(schema, table.name)) {
      indexes.push_back({{"name", index->name}, {"definition", index->definition}});
    }
    nlohmann::json item = {
        {"name", table.name},
        {"columns", std::move(columns)},
        {"primary_key",
         primary.empty() ? nlohmann::json(nullptr) : nlohmann::json(primary.front()->columns)},
        {"unique", Definitions(OfKind(table, Constraint::Kind::kUnique))},
        {"foreign_keys", Definitions(OfKind(table, Constraint::Kind::kForeignKey))},
        {"checks", Definitions(OfKind(table, Constraint::Kind::kCheck))},
        {"indexes", std::move(indexes)}};
    if (!table.options.empty()) item["options"] = table.options;
    tables.push_back(std::move(item));
  }
  nlohmann::json objects = nlohmann::json::array();
  for (const Object& object : schema.objects) {
    if (object.kind == ObjectKind::kIndex) continue;
    objects.push_back({{"kind", engine::schema::ObjectKindName(object.kind)},
                       {"name", object.name},
                       {"definition", object.definition}});
  }
  return {{"tables", std::move(tables)},
          {"objects", std::move(objects)},
          {"not_compared", schema.not_compared}};
}

std::vector<std::string> SchemaLines(const Schema& schema) {
  std::vector<std::string> lines;
  for (const Table& table : schema.tables) {
    lines.push_back(table.name + (table.options.empty() ? "" : " (" + table.options + ")"));
    for (const Column& column : table.columns) lines.push_back("  " + ColumnText(column));
    for (const Constraint& constraint : table.constraints) {
      lines.push_back("  " +
                      (constraint.name.empty() ? "" : "CONSTRAINT " + constraint.name + " ") +
                      constraint.definition);
    }
    for (const Object* index : ObjectsOf(schema, table.name)) {
      lines.push_back("  index " + index->name + ": " + index->definition);
    }
  }
  for (const Object& object : schema.objects) {
    if (object.kind == ObjectKind::kIndex) continue;
    lines.push_back(std::string(engine::schema::ObjectKindName(object.kind)) + " " + object.name);
  }
  if (lines.empty()) lines.push_back("(no tables)");
  return lines;
}

}  // namespace rev::cli
