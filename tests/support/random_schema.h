// Random valid schemas and random changes between them, for the property test of the
// schema engine: whatever two schemas the generator makes, the migration rev generates
// between them must be proven (tests/engine/schema_property_test.cpp).
//
// Every table has an `id` primary key; columns are nullable or have a default, so sample
// rows fit before and after any change; on PostgreSQL a type only ever widens (a narrowing
// would refuse the sample values, which is the proof doing its work, not a bug).
#pragma once

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/backends/database_url.h"

namespace rev::testing {

struct RandomColumn {
  std::string name;
  std::string type;
  bool not_null = false;
  std::optional<std::string> default_value;
  std::string references;  // a table's name: the column is a foreign key to its id
  std::string check;       // a CHECK on this column, "" for none
};

struct RandomTable {
  std::string name;
  std::vector<RandomColumn> columns;  // after id
};

struct RandomIndex {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
};

struct RandomView {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
};

struct RandomSchema {
  engine::backends::DatabaseKind kind = engine::backends::DatabaseKind::kSqlite;
  std::vector<RandomTable> tables;
  std::vector<RandomIndex> indexes;
  std::vector<RandomView> views;
  int next_name = 0;  // names are never reused

  std::string Sql() const;
};

// `name` double-quoted (the generator's names need no escaping).
std::string QuoteName(const std::string& name);

RandomSchema MakeRandomSchema(engine::backends::DatabaseKind kind, std::mt19937* random);

// `schema` with `count` random changes (add, drop, retype, constrain columns; add and drop
// tables, indexes, views). Returns the changes' descriptions in `applied`.
RandomSchema ChangeRandomly(RandomSchema schema, int count, std::mt19937* random,
                            std::vector<std::string>* applied);

}  // namespace rev::testing
