#include "engine/schema/introspect.h"

namespace rev::engine::schema {

Result<Schema> IntrospectPostgres(backends::Backend&, const IntrospectOptions&) {
  return Status::Internal("PostgreSQL introspection is not built yet");
}

}  // namespace rev::engine::schema
