// Status: the outcome of an operation that can fail, as a value.
//
// Every module boundary in rev returns a Status (or a Result<T>, see result.h) instead of
// throwing. The code maps one-to-one onto the exit codes of SPEC §3 (the table lives in
// cli/exit_code.cpp); the message says what went wrong, the optional location says where
// (a revision file and line, or rev.yaml), and the optional hint says how to fix it.
#pragma once

#include <optional>
#include <string>

namespace rev {

// A place in a user's file. Lines and columns are 1-based; 0 means "unknown".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column", "file:line" or "file", whichever parts are known.
  std::string ToString() const;
};

enum class StatusCode {
  kOk,
  kInvalidInput,   // bad usage, config or revision file (exit 2)
  kNotFound,       // unknown target or revision (exit 2)
  kAmbiguous,      // ambiguous prefix, `head` with several heads (exit 2)
  kFailed,         // validation found errors (exit 1)
  kConflict,       // the version table changed underneath (exit 1)
  kDatabase,       // SQL failed or the database refused (exit 1)
  kLockTimeout,    // another rev holds the migration lock (exit 3)
  kLockLost,       // this run's lease lock was taken over by another run (exit 3)
  kRefused,        // the database needs a person first (exit 4)
  kInterrupted,    // Ctrl-C; the running step was rolled back (exit 130)
  kCommitUnknown,  // COMMIT's outcome unknown (connection lost): read the state back (exit 1)
  kUnavailable,    // the database cannot be reached yet: refused, starting up (exit 1)
  kInternal,       // a bug (exit 1)
};

class [[nodiscard]] Status {
 public:
  // An ok status.
  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string message) {
    return {StatusCode::kInvalidInput, std::move(message)};
  }
  static Status NotFound(std::string message) {
    return {StatusCode::kNotFound, std::move(message)};
  }
  static Status Ambiguous(std::string message) {
    return {StatusCode::kAmbiguous, std::move(message)};
  }
  static Status Failed(std::string message) { return {StatusCode::kFailed, std::move(message)}; }
  static Status Conflict(std::string message) {
    return {StatusCode::kConflict, std::move(message)};
  }
  static Status Database(std::string message) {
    return {StatusCode::kDatabase, std::move(message)};
  }
  static Status LockTimeout(std::string message) {
    return {StatusCode::kLockTimeout, std::move(message)};
  }
  static Status LockLost(std::string message) {
    return {StatusCode::kLockLost, std::move(message)};
  }
  static Status Refused(std::string message) { return {StatusCode::kRefused, std::move(message)}; }
  static Status Interrupted(std::string message) {
    return {StatusCode::kInterrupted, std::move(message)};
  }
  static Status CommitUnknown(std::string message) {
    return {StatusCode::kCommitUnknown, std::move(message)};
  }
  static Status Unavailable(std::string message) {
    return {StatusCode::kUnavailable, std::move(message)};
  }
  static Status Internal(std::string message) {
    return {StatusCode::kInternal, std::move(message)};
  }

  // Builders for the optional parts; usable on temporaries:
  //   return Status::InvalidInput("...").At({path, line}).WithHint("...");
  Status At(SourceLocation location) &&;
  Status WithHint(std::string hint) &&;
  Status& At(SourceLocation location) &;
  Status& WithHint(std::string hint) &;

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::optional<SourceLocation>& location() const { return location_; }
  const std::string& hint() const { return hint_; }

  // "file:line: message" (or just the message when there is no location); no hint.
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::optional<SourceLocation> location_;
  std::string hint_;
};

}  // namespace rev

// Returns from the enclosing function when `expr` (a Status) is not ok.
#define REV_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::rev::Status rev_status_ = (expr);        \
    if (!rev_status_.ok()) return rev_status_; \
  } while (false)
