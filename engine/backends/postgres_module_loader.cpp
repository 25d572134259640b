// Loading rev-postgres.so (postgres_module.h), and asking it for its libpq's version
// (library_versions.h).
#include <dlfcn.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "engine/backends/library_versions.h"
#include "engine/backends/postgres_module.h"

namespace rev::engine::backends {
namespace {

namespace fs = std::filesystem;

// The folder of the running executable (/proc/self/exe: the real file, not a symlink to it).
fs::path ExecutableFolder() {
  std::error_code error;
  fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : exe.parent_path();
}

// The folder of the shared library this code was linked into (librev, inside a program
// that is not rev), or empty when it is the executable's own code.
fs::path LibraryFolder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LoadPostgresModule), &info) == 0 ||
      info.dli_fname == nullptr || info.dli_fname[0] != '/') {
    return {};
  }
  std::error_code error;
  fs::path library = fs::canonical(info.dli_fname, error);
  fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return library == exe ? fs::path() : library.parent_path();
}

// Beside the library that holds this code (the build tree; <prefix>/lib/librev.so with
// <prefix>/lib/rev/), else beside the executable (build/rev) or in <prefix>/lib/rev/.
std::vector<fs::path> Candidates() {
  std::vector<fs::path> candidates;
  fs::path library = LibraryFolder();
  if (!library.empty()) {
    candidates = {library / kPostgresModuleFile, library / "rev" / kPostgresModuleFile};
  }
  fs::path folder = ExecutableFolder();
  candidates.push_back(folder / kPostgresModuleFile);
  candidates.push_back(folder / ".." / "lib" / "rev" / kPostgresModuleFile);
  return candidates;
}

}  // namespace

Result<PostgresModule> LoadPostgresModule() {
  std::vector<fs::path> candidates = Candidates();
  std::string tried;
  for (const fs::path& candidate : candidates) {
    std::error_code error;
    if (!fs::exists(candidate, error)) {
      tried += (tried.empty() ? "" : ", ") + candidate.lexically_normal().string();
      continue;
    }
    // Never closed: the backends it makes may live until the process ends. A second load
    // (a command opens the database twice) only counts a reference.
    void* module = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      return Status::InvalidInput("cannot load rev's PostgreSQL module " + candidate.string() +
                                  ": " + dlerror())
          .WithHint("install libpqxx-6.4 (Debian: apt-get install libpqxx-6.4), or rebuild rev");
    }
    auto version = reinterpret_cast<const char* (*)()>(dlsym(module, kPostgresModuleVersionSymbol));
    auto open = reinterpret_cast<void* (*)()>(dlsym(module, kPostgresModuleOpenSymbol));
    auto libpq_version =
        reinterpret_cast<int (*)()>(dlsym(module, kPostgresModuleLibpqVersionSymbol));
    if (version == nullptr || open == nullptr || libpq_version == nullptr ||
        std::strcmp(version(), REV_VERSION) != 0) {
      return Status::InvalidInput(
                 candidate.string() + " is not the PostgreSQL module of rev " + REV_VERSION +
                 (version != nullptr ? std::string(" (it is ") + version() + ")" : std::string()))
          .WithHint("install rev again (cmake --install), so bin/rev and lib/rev/" +
                    std::string(kPostgresModuleFile) + " come from one build");
    }
    return PostgresModule{reinterpret_cast<OpenBackendFunction*>(open()), libpq_version};
  }
  return Status::InvalidInput("rev's PostgreSQL module " + std::string(kPostgresModuleFile) +
                              " was not found (looked for " + tried + ")")
      .WithHint("install rev with `cmake --install`, which puts bin/rev and lib/rev/" +
                std::string(kPostgresModuleFile) + " together");
}

Result<std::string> LibpqVersion() {
  REV_ASSIGN_OR_RETURN(PostgresModule module, LoadPostgresModule());
  // PostgreSQL 10 on: major * 10000 + minor; before: major * 10000 + minor * 100 + patch.
  int number = module.libpq_version();
  int major = number / 10000;
  if (major >= 10) return std::to_string(major) + "." + std::to_string(number % 10000);
  return std::to_string(major) + "." + std::to_string(number / 100 % 100) + "." +
         std::to_string(number % 100);
}

}  // namespace rev::engine::backends
