// Sample rows for a proof: a few rows put into every table before a generated migration
// runs, with values that satisfy the table's types, keys and foreign keys where rev can
// make them (a row the database refuses, say for a CHECK, is simply not there), and read
// back afterwards to show that no value was lost.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/schema/schema.h"

namespace rev::engine::schema {

// The rows of some tables, each as its columns' values in text, sorted.
struct RowSnapshot {
  struct TableRows {
    std::vector<std::string> columns;
    std::vector<backends::QueryRow> rows;  // sorted
  };
  std::map<std::string, TableRows> tables;
};

// Inserts up to `per_table` rows into each table of `schema` (referenced tables first)
// and returns what the tables then hold. Fails only when reading back fails.
Result<RowSnapshot> SeedSampleRows(backends::Backend& backend, const Schema& schema,
                                   int per_table = 3);

// The rows of `tables` (name → the columns to read), as a RowSnapshot.
Result<RowSnapshot> ReadRows(backends::Backend& backend, backends::DatabaseKind kind,
                             const std::map<std::string, std::vector<std::string>>& tables);

}  // namespace rev::engine::schema
