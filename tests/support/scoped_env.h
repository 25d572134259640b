// ScopedEnv: an environment variable set (or unset) in this process for one scope, then put
// back as it was, for code that reads the environment itself (libpq, ${VAR} in rev.yaml,
// REV_DATABASE_URL). The tests run on one thread. A process the tests start gets its
// variables through ProcessOptions::env instead.
//
//   ScopedEnv no_url("REV_DATABASE_URL", std::nullopt);
//   ScopedEnv password("PGPASSWORD", "secret");
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace rev::testing {

class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = old;
    Set(value);
  }
  ~ScopedEnv() { Set(old_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  void Set(const std::optional<std::string>& value) {
    if (value) {
      setenv(name_.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }

  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace rev::testing
