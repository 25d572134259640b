// --wait-for-database: a run that starts before its database can be reached (a container
// whose app and database start together) waits for it, says so once and why, and goes on
// when it comes; when it never comes, the run exits 1 naming the database, redacted, and the
// last error. A database that answers and refuses (a wrong password) is not waited for.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/db_project.h"
#include "tests/support/free_port.h"
#include "tests/support/postgres_server.h"

namespace rev::testing {
namespace {

using Catch::Contains;
using engine::backends::DatabaseKind;
namespace fs = std::filesystem;

constexpr const char* kWaiting = "rev: warning: waiting for the database ";

size_t Count(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

// A TCP relay from 127.0.0.1:`port` to the test server: the database "coming up" on the
// port a waiting run keeps trying.
constexpr const char* kRelay = R"(
import socket, sys, threading
listen_port, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(16)
def pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
while True:
    client, _ = server.accept()
    upstream = socket.create_connection((host, port))
    threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()
)";

TEST_CASE("a run waits for an SQLite database whose folder appears later", "[cli][db][wait]") {
  Project p("revisions: revisions\n");
  // The folder stands for a volume mounted after the app started.
  const fs::path volume = p.root() / "volume";
  p.Write({{"a", {}, "CREATE TABLE t (x INTEGER);", "DROP TABLE t;"}});
  const std::string url = "sqlite:///" + (volume / "app.db").string();

  auto at_once = p.Rev({"upgrade", "-d", url});
  REV_CHECK_EXIT(at_once, 1);
  CHECK_THAT(at_once.err, Contains("cannot open the SQLite database"));
  CHECK(Count(at_once.err, "waiting for the database") == 0);

  auto gave_up = p.Rev({"upgrade", "-d", url, "--wait-for-database", "0.5"});
  REV_CHECK_EXIT(gave_up, 1);
  CHECK(Count(gave_up.err, kWaiting) == 1);
  CHECK_THAT(gave_up.err, Contains("gave up after waiting 0.5 s for the database: cannot open "
                                   "the SQLite database") &&
                              Contains("--wait-for-database"));
  CHECK_FALSE(fs::exists(volume));

  auto waiter = p.Start({"upgrade", "-d", url, "--wait-for-database", "60"});
  REQUIRE(WaitUntil([&] { return waiter->ErrSoFar().find(kWaiting) != std::string::npos; }));
  fs::create_directory(volume);
  ProcessResult waited = waiter->Wait();
  REV_CHECK_EXIT(waited, 0);
  CHECK(Count(waited.err, kWaiting) == 1);
  CHECK_THAT(waited.err, Contains("giving up after 60 s, --wait-for-database"));
  CHECK(RunProcess({"sqlite3", (volume / "app.db").string(), "SELECT count(*) FROM t"}).out ==
        "0\n");
}

TEST_CASE("a bad --wait-for-database is refused", "[cli][wait]") {
  Project p;
  auto negative = p.Rev({"current", "--wait-for-database", "-1"});
  REV_CHECK_EXIT(negative, 2);
  CHECK_THAT(negative.err, Contains("--wait-for-database must be a number of seconds"));
}

TEST_CASE("a run waits for a PostgreSQL server that comes up later", "[cli][db][postgres][wait]") {
  if (!PostgresUnderTest()) {
    WARN("PostgreSQL is not under test (REV_TEST_SKIP_POSTGRES=1)");
    return;
  }
  DbProject p(DatabaseKind::kPostgres);
  p.Write({{"a", {}, "CREATE TABLE t (x INTEGER);", "DROP TABLE t;"}});
  const UriParts server = SplitUri(p.db().url_text());
  REQUIRE_FALSE(server.password.empty());
  const int port = FreeLoopbackPort();
  const std::string late_url = "postgresql://" + server.user + ":" + server.password +
                               "@127.0.0.1:" + std::to_string(port) + "/" + server.dbname;
  const std::string redacted =
      "postgresql://" + server.user + ":***@127.0.0.1:" + std::to_string(port) + "/";
  ProcessOptions with_url;
  with_url.env.emplace("REV_DATABASE_URL", late_url);

  SECTION("it gives up naming the database, never its password") {
    auto gave_up = p.Rev({"upgrade", "--wait-for-database", "1", "--json"}, with_url);
    REV_CHECK_EXIT(gave_up, 1);
    CHECK(Count(gave_up.err, kWaiting) == 1);
    CHECK_THAT(gave_up.out, Contains("\"unavailable\"") && Contains("gave up after waiting 1 s") &&
                                Contains(redacted));
    CHECK(gave_up.out.find(server.password) == std::string::npos);
    CHECK(gave_up.err.find(server.password) == std::string::npos);
    CHECK_FALSE(p.HasTable("t"));
  }

  SECTION("it goes on once the server answers") {
    auto waiter = std::make_unique<BackgroundProcess>(
        RevArgv({"upgrade", "--wait-for-database", "60"}), p.Options(with_url));
    REQUIRE(WaitUntil([&] { return waiter->ErrSoFar().find(kWaiting) != std::string::npos; }));
    BackgroundProcess relay(
        {"python3", "-c", kRelay, std::to_string(port), server.host, server.port}, {});
    ProcessResult waited = waiter->Wait();
    REV_CHECK_EXIT(waited, 0);
    CHECK(Count(waited.err, kWaiting) == 1);
    CHECK_THAT(waited.err, Contains(redacted));
    CHECK(waited.err.find(server.password) == std::string::npos);
    CHECK(p.HasTable("t"));
  }

  SECTION("a wrong password is not waited for") {
    ProcessOptions wrong;
    wrong.env.emplace("REV_DATABASE_URL", "postgresql://" + server.user + ":not-the-password@" +
                                              server.host + ":" + server.port + "/" +
                                              server.dbname);
    auto refused = p.Rev({"upgrade", "--wait-for-database", "30"}, wrong);
    REV_CHECK_EXIT(refused, 1);
    CHECK(Count(refused.err, "waiting for the database") == 0);
    CHECK_THAT(refused.err, Contains("cannot connect to"));
    CHECK(refused.err.find("not-the-password") == std::string::npos);
  }
}

}  // namespace
}  // namespace rev::testing
