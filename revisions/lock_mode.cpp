#include "revisions/lock_mode.h"

#include <cctype>

namespace rev::revisions {

std::optional<LockMode> ParseLockMode(const std::string& text) {
  if (text == "auto") return LockMode::kAuto;
  if (text == "session") return LockMode::kSession;
  if (text == "lease") return LockMode::kLease;
  return std::nullopt;
}

const char* LockModeName(LockMode mode) {
  switch (mode) {
    case LockMode::kAuto:
      return "auto";
    case LockMode::kSession:
      return "session";
    case LockMode::kLease:
      return "lease";
  }
  return "auto";
}

Result<std::chrono::seconds> ParseLockLease(const std::string& text) {
  std::string digits = text;
  if (!digits.empty() && digits.back() == 's') digits.pop_back();
  bool valid = !digits.empty() && digits.size() <= 6;
  for (char c : digits) valid = valid && std::isdigit(static_cast<unsigned char>(c)) != 0;
  const std::string range =
      std::to_string(kMinLockLease.count()) + " to " + std::to_string(kMaxLockLease.count());
  if (!valid) {
    return Status::InvalidInput("lock_lease '" + text + "' is not a number of seconds")
        .WithHint("write whole seconds, " + range + ": `lock_lease: 30` or `lock_lease: 30s`");
  }
  std::chrono::seconds lease(std::stol(digits));
  if (lease < kMinLockLease || lease > kMaxLockLease) {
    return Status::InvalidInput("lock_lease " + text + " is out of range")
        .WithHint("write whole seconds, " + range + ": `lock_lease: 30` or `lock_lease: 30s`");
  }
  return lease;
}

}  // namespace rev::revisions
