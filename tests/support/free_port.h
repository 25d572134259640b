// A loopback TCP port nobody listens on, for a test that starts a server (PgBouncer, a
// relay) or points rev at a port where nothing answers yet.
#pragma once

namespace rev::testing {

// The kernel's pick of a free port on 127.0.0.1, released again; fails the running test
// when none can be had.
int FreeLoopbackPort();

}  // namespace rev::testing
