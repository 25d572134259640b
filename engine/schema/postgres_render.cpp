#include "engine/schema/render.h"

namespace rev::engine::schema {

std::vector<std::string> RenderPostgres(const Changes& changes) {
  return std::vector<std::string>(changes.size());
}

}  // namespace rev::engine::schema
