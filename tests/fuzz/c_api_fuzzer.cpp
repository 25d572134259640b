// Fuzzes the strings librev's C API takes (rev.h): a target for rev_upgrade and
// rev_downgrade, an environment name, a database URL, and a rev.yaml path. The input is
// split at '\n' into those four strings. A project with two revisions on an SQLite file in
// a temp folder is made once; whatever the strings, a call must return one of the command
// line's exit codes with a message, never crash, leak or hang.
#include <rev.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

std::string MakeProject() {
  char folder[] = "/tmp/rev-fuzz-c-api.XXXXXX";
  if (mkdtemp(folder) == nullptr) abort();
  std::string root = folder;
  auto write = [&](const std::string& name, const std::string& text) {
    FILE* file = std::fopen((root + "/" + name).c_str(), "w");
    if (file == nullptr) abort();
    std::fputs(text.c_str(), file);
    std::fclose(file);
  };
  if (mkdir((root + "/revisions").c_str(), 0700) != 0) abort();
  write("rev.yaml", "revisions: revisions\ndatabase: sqlite:///app.db\n");
  write("revisions/a1_one.sql",
        "-- revision: a1\n-- down_revision: null\n-- message: one\n"
        "-- rev:upgrade\nCREATE TABLE one (x INTEGER);\n-- rev:downgrade\nDROP TABLE one;\n");
  write("revisions/b2_two.sql",
        "-- revision: b2\n-- down_revision: a1\n-- message: two\n"
        "-- rev:upgrade\nCREATE TABLE two (x INTEGER);\n-- rev:downgrade\nDROP TABLE two;\n");
  return root;
}

bool KnownCode(int code) {
  return code == REV_OK || code == REV_FAILED || code == REV_INVALID || code == REV_LOCKED ||
         code == REV_REFUSED;
}

void Check(bool condition) {
  if (!condition) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string kProject = MakeProject();
  std::vector<std::string> parts(4);
  size_t part = 0;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == '\n' && part + 1 < parts.size()) {
      ++part;
    } else if (data[i] != '\0') {
      parts[part] += static_cast<char>(data[i]);
    }
  }
  const std::string& target = parts[0];

  rev_open_options options{kProject.c_str(), nullptr,
                           parts[1].empty() ? nullptr : parts[1].c_str()};
  rev_project* project = nullptr;
  int code = rev_open(&options, &project);
  Check(code == REV_OK && project != nullptr);
  Check(KnownCode(rev_upgrade(project, target.c_str())));
  Check(KnownCode(rev_downgrade(project, target.c_str())));
  int pending = -1;
  Check(KnownCode(rev_pending(project, &pending)));
  Check(rev_error(project) != nullptr && rev_result(project) != nullptr);
  rev_close(project);

  // Only URLs that cannot leave the machine: an sqlite one, or text that is no URL.
  if (parts[2].rfind("postgres", 0) != 0) {
    rev_open_options with_url{kProject.c_str(), parts[2].c_str(), nullptr};
    Check(rev_open(&with_url, &project) == REV_OK);
    Check(KnownCode(rev_status(project)));
    rev_close(project);
  }
  rev_open_options with_config{parts[3].c_str(), nullptr, nullptr};
  code = rev_open(&with_config, &project);
  Check(KnownCode(code) && project != nullptr);
  Check(KnownCode(rev_current(project)));
  rev_close(project);
  return 0;
}
