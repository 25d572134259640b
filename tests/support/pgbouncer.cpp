#include "tests/support/pgbouncer.h"

#include <pwd.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "tests/support/free_port.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

// PgBouncer refuses to run as root; as root it is told to become an unprivileged user.
std::string UserLine() {
  if (geteuid() != 0) return "";
  return getpwnam("postgres") != nullptr ? "user = postgres\n" : "user = nobody\n";
}

}  // namespace

PgBouncer::PgBouncer(const TestDatabase& db, int pool_size) {
  const char* binary = std::getenv("REV_TEST_PGBOUNCER");
  if (binary == nullptr || *binary == '\0') {
    FAIL(
        "REV_TEST_PGBOUNCER is unset: set it to the pgbouncer binary (/usr/sbin/pgbouncer from "
        "Debian's pgbouncer package; scripts/setup.sh installs it and scripts/test.sh sets it)");
  }
  UriParts server = SplitUri(db.url_text());
  const int port = FreeLoopbackPort();
  const std::filesystem::path config = dir_ / "pgbouncer.ini";
  WriteFile(config, "[databases]\n" + server.dbname + " = host=" + server.host + " port=" +
                        (server.port.empty() ? "5432" : server.port) + " dbname=" + server.dbname +
                        " user=" + server.user + " password=" + server.password +
                        "\n[pgbouncer]\n"
                        "listen_addr = 127.0.0.1\n"
                        "listen_port = " +
                        std::to_string(port) +
                        "\n"
                        "unix_socket_dir =\n"
                        "auth_type = any\n"
                        "pool_mode = transaction\n"
                        "default_pool_size = " +
                        std::to_string(pool_size) +
                        "\n"
                        "max_client_conn = 500\n" +
                        UserLine());
  // Readable by the user it becomes.
  std::filesystem::permissions(dir_.path(), std::filesystem::perms(0755));
  std::filesystem::permissions(config, std::filesystem::perms(0644));
  process_ = std::make_unique<BackgroundProcess>(std::vector<std::string>{binary, config.string()},
                                                 ProcessOptions{});
  UriParts through = server;
  through.password.clear();
  through.host = "127.0.0.1";
  through.port = std::to_string(port);
  url_ = JoinUri(through);
  bool up = WaitUntil([&] { return PsqlRows(url_, "SELECT 1") == Lines{"1"}; });
  if (!up) {
    ProcessResult ended = process_->Wait(5);
    FAIL("pgbouncer did not answer on port " << port << " within 30 s; it printed:\n"
                                             << ended.err << ended.out);
  }
}

PgBouncer::~PgBouncer() {
  if (process_ == nullptr) return;
  process_->Signal(SIGTERM);  // an immediate shutdown: nothing of it needs to survive
  (void)process_->Wait(30);
}

}  // namespace rev::testing
