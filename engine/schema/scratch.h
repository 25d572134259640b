// Scratch databases: where the schema engine loads SQL so that the database parses it, and
// where it proves a generated migration. Never the project's database.
//
// SQLite: a private in-memory database. PostgreSQL: `CREATE DATABASE rev_scratch_<pid>_<n>`
// on the dev server (rev.yaml's dev_database:, --dev-database, REV_DEV_DATABASE_URL),
// dropped when the ScratchDatabase goes away, whatever happened: a failed load, a failed
// proof, Ctrl-C (Interrupt stops what runs; the caller unwinds and the drop follows).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/backends/backend.h"
#include "engine/backends/database_url.h"

namespace rev::engine::schema {

class ScratchServer;

class ScratchDatabase {
 public:
  ~ScratchDatabase();  // drops it (PostgreSQL)
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  backends::Backend& backend() { return *backend_; }

 private:
  friend class ScratchServer;
  ScratchDatabase(ScratchServer* server, std::string name,
                  std::unique_ptr<backends::Backend> backend);

  ScratchServer* server_;
  std::string name_;  // PostgreSQL: the database's name; "" for SQLite
  std::unique_ptr<backends::Backend> backend_;
};

class ScratchServer {
 public:
  // SQLite: in memory. PostgreSQL: on `dev_database` (nullopt: fails in Create with
  // kInvalidInput saying how to name one). `options` are the project's (table names).
  ScratchServer(backends::DatabaseKind kind, std::optional<backends::DatabaseUrl> dev_database,
                backends::BackendOptions options);
  ~ScratchServer();
  ScratchServer(const ScratchServer&) = delete;
  ScratchServer& operator=(const ScratchServer&) = delete;

  backends::DatabaseKind kind() const { return kind_; }

  // A new, empty scratch database. Fails with kInvalidInput when a PostgreSQL project has
  // no dev database, kDatabase when the server refuses, kInterrupted after Interrupt().
  Result<std::unique_ptr<ScratchDatabase>> Create();

  // Stops what runs on every scratch database now open, and makes Create fail. Safe from
  // another thread (the signal watcher).
  void Interrupt();

 private:
  friend class ScratchDatabase;
  Result<backends::Backend*> Maintenance();
  void Drop(ScratchDatabase* database);

  backends::DatabaseKind kind_;
  std::optional<backends::DatabaseUrl> dev_database_;
  backends::BackendOptions options_;
  std::unique_ptr<backends::Backend> maintenance_;  // PostgreSQL: runs CREATE/DROP DATABASE
  std::mutex mutex_;                                // guards open_
  std::vector<ScratchDatabase*> open_;
  std::atomic<bool> interrupted_{false};
  int created_ = 0;
};

}  // namespace rev::engine::schema
