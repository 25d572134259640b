// PgBouncer, started by a test in front of its TestDatabase: Debian's pgbouncer (the
// binary REV_TEST_PGBOUNCER names; scripts/test.sh sets it) on a free loopback port, in
// transaction mode with a pool smaller than the runners a test starts, so that runs share
// server connections as they do behind a pooler in production. Stopped when the test ends.
#pragma once

#include <memory>
#include <string>

#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace rev::testing {

class PgBouncer {
 public:
  // Starts it and waits until it answers a query. Fails the running test when
  // REV_TEST_PGBOUNCER is unset (a test of the pooler is never skipped) or it does not
  // start within 30 s. Clients need no password; PgBouncer logs in to PostgreSQL with
  // the user and password of `db`'s URL.
  explicit PgBouncer(const TestDatabase& db, int pool_size = 4);
  ~PgBouncer();  // stops it
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;

  // postgresql://user@127.0.0.1:PORT/DBNAME: the test database through PgBouncer.
  const std::string& url() const { return url_; }

 private:
  TempDir dir_;
  std::string url_;
  std::unique_ptr<BackgroundProcess> process_;
};

}  // namespace rev::testing
