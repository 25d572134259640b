#include "engine/schema/sample_rows.h"

#include <algorithm>

#include "engine/schema/names.h"
#include "engine/schema/sql_text.h"
#include "revisions/join.h"

namespace rev::engine::schema {
namespace {

using backends::Backend;
using backends::DatabaseKind;
using backends::QueryRow;

bool Has(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// A value of `column`'s type for row `row` (0-based), distinct per row; nullopt when rev
// cannot make one.
std::optional<std::string> SampleValue(const Schema& schema, const Column& column, int row) {
  std::string type = Lower(column.type);
  std::string number = std::to_string(row + 1);
  for (const Object& object : schema.objects) {
    if (object.kind != ObjectKind::kEnum || object.values.empty()) continue;
    std::string bare = object.name.substr(object.name.find('.') + 1);
    if (type == Lower(object.name) || type == Lower(bare)) {
      return object.values[static_cast<size_t>(row) % object.values.size()];
    }
  }
  if (Has(type, "bool")) {
    return schema.kind == DatabaseKind::kSqlite ? std::to_string(row % 2)
                                                : (row % 2 ? "true" : "false");
  }
  if (Has(type, "interval")) return number + " days";
  if (Has(type, "timestamp")) return "2024-01-0" + number + " 12:00:00";
  if (Has(type, "date")) return "2024-01-0" + number;
  if (Has(type, "time")) return "12:00:0" + number;
  if (Has(type, "uuid")) return "00000000-0000-0000-0000-00000000000" + number;
  if (Has(type, "json")) return "{\"n\": " + number + "}";
  if (Has(type, "int") || Has(type, "serial") || Has(type, "numeric") || Has(type, "decimal") ||
      Has(type, "real") || Has(type, "double") || Has(type, "float") || Has(type, "money")) {
    return number;
  }
  if (Has(type, "inet")) return "10.0.0." + number;
  if (Has(type, "range") || Has(type, "[]") || Has(type, "point") || Has(type, "tsvector")) {
    return std::nullopt;
  }
  return std::string(1, static_cast<char>('a' + row));  // text of any length limit
}

// One column's source of values: its own samples, or the referenced table's.
struct ColumnPlan {
  std::string name;
  std::string from_table;  // a single-column foreign key's table, else ""
  std::string from_column;
};

std::vector<ColumnPlan> PlanColumns(const Table& table) {
  std::vector<ColumnPlan> plans;
  for (const Column& column : table.columns) {
    if (!column.generated.empty() || column.identity == "ALWAYS") continue;
    ColumnPlan plan{column.name, "", ""};
    for (const Constraint& key : table.constraints) {
      if (key.kind != Constraint::Kind::kForeignKey || key.columns.size() != 1 ||
          key.columns[0] != column.name) {
        continue;
      }
      plan.from_table = key.references;
      // "FOREIGN KEY (a) REFERENCES t (b) ...": the referenced column, when named.
      size_t references = key.definition.find("REFERENCES");
      std::string_view after = std::string_view(key.definition).substr(references + 10);
      std::string_view body = ParenthesizedBody(AfterFirstIdentifier(after));
      plan.from_column = body.empty() ? "" : FirstIdentifier(body);
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

std::string Placeholder(DatabaseKind kind, size_t index) {
  return (kind == DatabaseKind::kSqlite ? "?" : "$") + std::to_string(index);
}

}  // namespace

Result<RowSnapshot> ReadRows(Backend& backend, DatabaseKind kind,
                             const std::map<std::string, std::vector<std::string>>& tables) {
  RowSnapshot snapshot;
  for (const auto& [table, columns] : tables) {
    RowSnapshot::TableRows& rows = snapshot.tables[table];
    rows.columns = columns;
    if (columns.empty()) continue;
    std::vector<std::string> quoted;
    for (const std::string& column : columns) quoted.push_back(QuotedName(kind, column));
    REV_ASSIGN_OR_RETURN(rows.rows, backend.Query("SELECT " + revisions::Join(quoted, ", ") +
                                                      " FROM " + QuotedName(kind, table),
                                                  {}, "reading the rows of " + table));
    std::sort(rows.rows.begin(), rows.rows.end());
  }
  return snapshot;
}

Result<RowSnapshot> SeedSampleRows(Backend& backend, const Schema& schema, int per_table) {
  std::map<std::string, std::vector<std::string>> to_read;
  RowSnapshot seeded;
  std::vector<const Table*> tables;
  for (const Table& table : schema.tables) tables.push_back(&table);
  for (const Table* table : InReferenceOrder(tables)) {
    std::vector<ColumnPlan> plans = PlanColumns(*table);
    std::vector<std::string> names;
    for (const ColumnPlan& plan : plans) names.push_back(plan.name);
    to_read[table->name] = names;
    if (plans.empty()) continue;
    std::vector<std::string> quoted, placeholders;
    for (size_t i = 0; i < plans.size(); ++i) {
      quoted.push_back(QuotedName(schema.kind, plans[i].name));
      placeholders.push_back(Placeholder(schema.kind, i + 1));
    }
    std::string insert = "INSERT INTO " + QuotedName(schema.kind, table->name) + " (" +
                         revisions::Join(quoted, ", ") + ") VALUES (" +
                         revisions::Join(placeholders, ", ") + ")";
    for (int row = 0; row < per_table; ++row) {
      backends::QueryParams values;
      bool possible = true;
      for (const ColumnPlan& plan : plans) {
        const Column& column = *table->FindColumn(plan.name);
        std::optional<std::string> value;
        if (!plan.from_table.empty()) {
          // The referenced row of the same number, when the referenced table has one.
          auto referenced = seeded.tables.find(plan.from_table);
          if (referenced != seeded.tables.end() && !referenced->second.rows.empty()) {
            const auto& parent = referenced->second;
            auto at = std::find(parent.columns.begin(), parent.columns.end(), plan.from_column);
            size_t index = at == parent.columns.end() ? 0 : at - parent.columns.begin();
            value = parent.rows[static_cast<size_t>(row) % parent.rows.size()][index];
          }
        } else {
          value = SampleValue(schema, column, row);
        }
        if (!value && column.not_null) possible = false;
        values.push_back(value);
      }
      // A row the database refuses (a CHECK, a unique expression index) is left out.
      if (possible) (void)backend.Query(insert, values, "seeding " + table->name);
    }
    REV_ASSIGN_OR_RETURN(RowSnapshot read, ReadRows(backend, schema.kind, {{table->name, names}}));
    seeded.tables[table->name] = std::move(read.tables[table->name]);
  }
  return seeded;
}

}  // namespace rev::engine::schema
