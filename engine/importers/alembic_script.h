// The Python `rev import alembic` runs: engine/importers/alembic_offline.py, kept readable
// in the source tree and compiled into rev as text (engine/CMakeLists.txt generates the
// definition), so that the binary needs no file beside it.
#pragma once

#include <string_view>

namespace rev::engine::importers {

// The whole of alembic_offline.py.
std::string_view AlembicOfflineScript();

}  // namespace rev::engine::importers
