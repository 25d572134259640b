#include "engine/schema/scratch.h"

#include <unistd.h>

#include <algorithm>
#include <random>

#include "engine/backends/sql_identifiers.h"

namespace rev::engine::schema {

using backends::Backend;
using backends::DatabaseKind;
using backends::DatabaseUrl;

namespace {

// Unique on the server across processes and runs: the pid, a counter and a random tail.
std::string ScratchName(int counter) {
  std::random_device random;
  return "rev_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(counter) + "_" +
         std::to_string(random() % 1000000);
}

}  // namespace

ScratchDatabase::ScratchDatabase(ScratchServer* server, std::string name,
                                 std::unique_ptr<Backend> backend)
    : server_(server), name_(std::move(name)), backend_(std::move(backend)) {}

ScratchDatabase::~ScratchDatabase() { server_->Drop(this); }

ScratchServer::ScratchServer(DatabaseKind kind, std::optional<DatabaseUrl> dev_database,
                             backends::BackendOptions options)
    : kind_(kind), dev_database_(std::move(dev_database)), options_(std::move(options)) {
  options_.on_lock_wait = {};
}

ScratchServer::~ScratchServer() = default;

Result<Backend*> ScratchServer::Maintenance() {
  if (maintenance_) return maintenance_.get();
  if (!dev_database_) {
    return Status::InvalidInput(
               "a PostgreSQL project needs a dev database to load schemas into; none is set")
        .WithHint(
            "set dev_database: in rev.yaml (a server where rev may create and drop scratch "
            "databases), REV_DEV_DATABASE_URL, or pass --dev-database URL");
  }
  backends::BackendOptions options = options_;
  options.application_name = "rev scratch";
  REV_ASSIGN_OR_RETURN(maintenance_, backends::OpenBackend(*dev_database_, options, true));
  return maintenance_.get();
}

Result<std::unique_ptr<ScratchDatabase>> ScratchServer::Create() {
  if (interrupted_) return Status::Interrupted("interrupted");
  std::unique_ptr<ScratchDatabase> database;
  if (kind_ == DatabaseKind::kSqlite) {
    REV_ASSIGN_OR_RETURN(DatabaseUrl memory, DatabaseUrl::Parse("sqlite://:memory:", ""));
    REV_ASSIGN_OR_RETURN(auto backend, backends::OpenBackend(memory, options_, true));
    database.reset(new ScratchDatabase(this, "", std::move(backend)));
  } else {
    REV_ASSIGN_OR_RETURN(Backend * maintenance, Maintenance());
    std::string name = ScratchName(++created_);
    REV_RETURN_IF_ERROR(maintenance->ExecuteScript(
        "CREATE DATABASE " + backends::QuoteIdentifier(name), {"(scratch database)", 1}));
    // Owned from here on: a failure below still drops it.
    database.reset(new ScratchDatabase(this, name, nullptr));
    backends::BackendOptions options = options_;
    options.application_name = "rev scratch";
    REV_ASSIGN_OR_RETURN(
        database->backend_,
        backends::OpenBackend(dev_database_->WithDatabaseName(name), options, true));
  }
  std::lock_guard<std::mutex> guard(mutex_);
  open_.push_back(database.get());
  if (interrupted_) database->backend_->Interrupt();
  return database;
}

void ScratchServer::Interrupt() {
  interrupted_ = true;
  std::lock_guard<std::mutex> guard(mutex_);
  for (ScratchDatabase* database : open_) {
    if (database->backend_) database->backend_->Interrupt();
  }
}

void ScratchServer::Drop(ScratchDatabase* database) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    open_.erase(std::remove(open_.begin(), open_.end(), database), open_.end());
  }
  database->backend_.reset();  // its connection closes first
  if (database->name_.empty() || !maintenance_) return;
  // WITH (FORCE) ends a session that still lingers (PostgreSQL 13 and later). A failure
  // here cannot be reported by a destructor; the name says whose it was.
  (void)maintenance_->ExecuteScript(
      "DROP DATABASE IF EXISTS " + backends::QuoteIdentifier(database->name_) + " WITH (FORCE)",
      {"(scratch database)", 1});
}

}  // namespace rev::engine::schema
