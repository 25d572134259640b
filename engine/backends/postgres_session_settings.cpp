#include "engine/backends/postgres_session_settings.h"

namespace rev::engine::backends {
namespace {

constexpr const char* kInvalidParameterValue = "22023";
constexpr const char* kUndefinedObject = "42704";

}  // namespace

Status ApplySessionSettings(PgSession& session, const BackendOptions& options, bool local,
                            const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> settings = {
      {"search_path", options.search_path},
      {"lock_timeout", options.lock_timeout},
      {"statement_timeout", options.statement_timeout},
  };
  settings.insert(settings.end(), extra.begin(), extra.end());
  for (const auto& [name, value] : settings) {
    if (value.empty()) continue;
    Result<PgResult> set =
        session.Query("SELECT set_config($1, $2, $3::boolean)",
                      {name, value, local ? "true" : "false"}, std::string("setting ") + name);
    if (set.ok()) continue;
    const std::string& state = session.last_sqlstate();
    if (state != kInvalidParameterValue && state != kUndefinedObject) return set.status();
    return Status::InvalidInput(name + " '" + value +
                                "' is refused by PostgreSQL: " + set.status().message())
        .WithHint("fix " + name + " in rev.yaml (e.g. '5s', '1min', '0' for none)");
  }
  return Status::Ok();
}

}  // namespace rev::engine::backends
