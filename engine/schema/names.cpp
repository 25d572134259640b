#include "engine/schema/names.h"

#include "engine/backends/sql_identifiers.h"

namespace rev::engine::schema {

std::string QuotedName(backends::DatabaseKind kind, const std::string& name) {
  size_t dot = name.find('.');
  if (kind == backends::DatabaseKind::kSqlite || dot == std::string::npos) {
    return backends::QuoteIdentifier(name);
  }
  return backends::QualifiedName(name.substr(0, dot), name.substr(dot + 1));
}

}  // namespace rev::engine::schema
