#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#if defined(__SANITIZE_ADDRESS__)
// libpqxx 6.4 does not free the PGresult of a COMMIT whose connection drops (it throws
// in_doubt_error first), which the lost-connection tests do on purpose. rev holds what
// libpqxx allocates only in libpqxx's own owning types (pqxx::result), so an allocation
// with libpqxx on its stack that leaks is that library's.
extern "C" const char* __lsan_default_suppressions() { return "leak:libpqxx-6.4.so\n"; }
#endif
