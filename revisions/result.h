// Result<T>: a value of T, or the Status that explains why there is none.
//
// C++17 has no std::expected; this is the small subset rev needs. A Result built from a
// Status must be given a failed one (REQUIRES: !status.ok()).
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "revisions/status.h"

namespace rev {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace rev

#define REV_CONCAT_INNER_(a, b) a##b
#define REV_CONCAT_(a, b) REV_CONCAT_INNER_(a, b)

// `REV_ASSIGN_OR_RETURN(auto graph, BuildGraph(...));` declares `graph` from the value of
// a Result, or returns its Status from the enclosing function.
#define REV_ASSIGN_OR_RETURN(lhs, expr) \
  REV_ASSIGN_OR_RETURN_IMPL_(REV_CONCAT_(rev_result_, __LINE__), lhs, expr)
#define REV_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
