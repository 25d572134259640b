// `rev repair --release-lock`: the way out when a run that held the lease lock died and
// nobody wants to wait for its lease to expire, and the refusal when it did not die.
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "cli/commands/repair.h"
#include "cli/confirm.h"

namespace rev::cli {
namespace {

using engine::backends::LockHolder;

std::string ThisHost() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

// Why the lease's run is known to be gone, or "" when it may be alive: only this host's
// processes can be looked at.
std::string WhyGone(const LockHolder& holder) {
  if (holder.expired) return "its lease expired at " + holder.expires_at;
  if (holder.host == ThisHost() && holder.pid > 0 && kill(holder.pid, 0) != 0 && errno == ESRCH) {
    return "its process (pid " + std::to_string(holder.pid) + " on " + holder.host +
           ") no longer exists";
  }
  return "";
}

Status Released(Context& context, const std::string& message, const LockHolder* holder) {
  if (context.out().json()) {
    nlohmann::json document = {{"released", holder != nullptr}, {"message", message}};
    if (holder != nullptr) {
      document["run_id"] = holder->run_id;
      document["token"] = holder->token;
    }
    context.out().Document(document);
  } else {
    context.out().Note(message);
  }
  return Status::Ok();
}

}  // namespace

Status RunReleaseLock(Context& context) {
  REV_RETURN_IF_ERROR(context.Settings().status());
  REV_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseSession> session,
                       DatabaseSession::Open(context, /*writable=*/true));
  REV_ASSIGN_OR_RETURN(std::vector<LockHolder> holders, session->backend().ReadLockHolders());
  for (const LockHolder& holder : holders) {
    if (holder.mode == "session") {
      return Status::LockTimeout("the migration lock is held by a live session (" +
                                 holder.description + "); nothing was released")
          .WithHint(
              "it is released when that session ends: wait for the run, or end it with "
              "SELECT pg_terminate_backend(" +
              std::to_string(holder.pid) + ")");
    }
  }
  const LockHolder* lease = nullptr;
  for (const LockHolder& holder : holders) {
    if (holder.mode == "lease") lease = &holder;
  }
  if (lease == nullptr)
    return Released(context, "No lease lock is held: nothing to release.", nullptr);
  const std::string gone = WhyGone(*lease);
  if (gone.empty()) {
    return Status::LockTimeout("the migration lock is held by a live run (" + lease->description +
                               "); nothing was released")
        .WithHint("wait for that run to finish; if it died on another host, its lease expires at " +
                  lease->expires_at + " and the next run takes over");
  }
  REV_RETURN_IF_ERROR(
      Confirm(context,
              {"rev repair --release-lock will, on " + session->url().Redacted() + ":",
               "  release the " + lease->description + ": " + gone},
              "Release the lock of " + session->url().Redacted()));
  REV_ASSIGN_OR_RETURN(bool released, session->backend().ReleaseLease(lease->token));
  if (!released) {
    return Status::Conflict("another run took the lease over meanwhile; nothing was released")
        .WithHint("run `rev status` to see who holds it now");
  }
  return Released(context, "Released the " + lease->description + ".", lease);
}

}  // namespace rev::cli
